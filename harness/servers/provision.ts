// Installing what the servers need on a fresh machine, and saying what is done.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { APPS_DIR, VENV_DIR } from '../paths.js';
import { REQUIREMENTS, takeInventory, type Inventory } from './inventory.js';
import { DEBIAN_PYTHON, VENV_PYTHON } from './python.js';

export type InstallMethod = 'apt' | 'venv';

export interface InstallPlan {
  readonly method: InstallMethod;
  /** Shell commands, shown to the user and run in order. */
  readonly commands: readonly (readonly string[])[];
  /** The interpreter that will see the installed packages. */
  readonly python: string;
}

const isDebianRoot = (): boolean => existsSync('/etc/debian_version') && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');

/**
 * How the packages would be installed here: Debian's packages as root (all of them: apt skips what the system
 * Python already has, and `missing` may have been judged on another interpreter), else a virtualenv with pip.
 */
export const planInstall = (): InstallPlan => {
  if (isDebianRoot()) {
    return {
      method: 'apt',
      python: DEBIAN_PYTHON,
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'python3', ...REQUIREMENTS.map((r) => r.debianPackage)],
      ],
    };
  }
  return {
    method: 'venv',
    python: VENV_PYTHON,
    commands: [
      ['python3', '-m', 'venv', VENV_DIR],
      [VENV_PYTHON, '-m', 'pip', 'install', '-r', path.join(APPS_DIR, 'requirements.txt')],
    ],
  };
};

export const formatInstallCommands = (plan: InstallPlan): string => plan.commands.map((command) => command.join(' ')).join(' && ');

export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
}

export interface ProvisionOptions {
  readonly python: string;
  readonly log: (line: string) => void;
}

/** Installs what is missing, then checks again; returns the inventory of the interpreter to use. */
export const provisionServers = async ({ python, log }: ProvisionOptions): Promise<Inventory> => {
  const before = await takeInventory(python);
  if (before.missing.length === 0) return before;
  const plan = planInstall();
  log(`missing: ${before.missing.map((r) => r.distribution).join(', ')}; installing with: ${formatInstallCommands(plan)}`);
  for (const [file, ...args] of plan.commands) {
    const result = await execa(file!, args, {
      reject: false,
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      stdout: ['pipe'],
      stderr: ['pipe'],
      lines: true,
    });
    if (result.exitCode !== 0) {
      const tail = [...(result.stderr as string[]), ...(result.stdout as string[])].slice(-5).join(' | ');
      throw new ProvisionError(`"${[file, ...args].join(' ')}" failed with exit code ${result.exitCode ?? 'none'}: ${tail}`);
    }
    log(`done: ${[file, ...args].join(' ')}`);
  }
  const after = await takeInventory(plan.python);
  if (after.missing.length > 0) {
    throw new ProvisionError(`still missing after install: ${after.missing.map((r) => r.distribution).join(', ')} (python ${plan.python})`);
  }
  return after;
};

const onPath = async (command: string): Promise<boolean> => (await execa('sh', ['-c', `command -v ${command}`], { reject: false })).exitCode === 0;

/** A command-line tool from Debian's package of the same name (wrk): installed as root on Debian, else an error saying how. */
export const provisionTool = async (tool: string, log: (line: string) => void): Promise<void> => {
  if (await onPath(tool)) return;
  if (!isDebianRoot()) throw new ProvisionError(`${tool} is missing; install it (on Debian: apt-get install ${tool})`);
  log(`missing: ${tool}; installing with: apt-get install -y ${tool}`);
  const result = await execa('apt-get', ['install', '-y', '--no-install-recommends', tool], { reject: false, env: { DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.exitCode !== 0) {
    await execa('apt-get', ['update'], { reject: false });
    const retry = await execa('apt-get', ['install', '-y', '--no-install-recommends', tool], { reject: false, env: { DEBIAN_FRONTEND: 'noninteractive' } });
    if (retry.exitCode !== 0) throw new ProvisionError(`apt-get install ${tool} failed: ${retry.stderr.split('\n').slice(-2).join(' ')}`);
  }
  log(`done: apt-get install ${tool}`);
};
