// Launching a profile's real server on a free loopback port, in a process group of its own, with its log kept.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import getPort from 'get-port';
import { buildServerCommand, formatCommandLine } from '../core/server-command.js';
import type { ResolvedProfile } from '../core/resolve-profile.js';
import { registerGroup } from './process-groups.js';
import { waitUntilReady } from './readiness.js';
import { stopGroup, type StopOutcome } from './stop.js';

export const LOOPBACK = '127.0.0.1';
/** Default time a server has to answer /health after launch. */
export const STARTUP_TIMEOUT_MS = 30_000;

export interface LaunchOptions {
  readonly profile: ResolvedProfile;
  readonly python: string;
  readonly appsDir: string;
  readonly logFile: string;
  readonly startupTimeoutMs?: number;
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** CPUs to pin the server to (a taskset list such as "1"). Default: not pinned. */
  readonly cpus?: string;
}

export interface RunningServer {
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  readonly commandLine: string;
  readonly startupMs: number;
  /** Resolves when the server's main process exits, with a description of how. */
  readonly exited: Promise<string>;
  readonly stop: () => Promise<StopOutcome>;
}

export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
  constructor(
    message: string,
    readonly commandLine: string,
  ) {
    super(message);
  }
}

const lastLines = (file: string, count: number): string => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '(no log)';
  }
};

export const launchServer = async (options: LaunchOptions): Promise<RunningServer> => {
  const port = await getPort({ host: LOOPBACK });
  const command = buildServerCommand(options.profile, { python: options.python, appsDir: options.appsDir, host: LOOPBACK, port, ...(options.cpus ? { cpus: options.cpus } : {}) });
  const commandLine = formatCommandLine(command);
  const startedAt = performance.now();
  const subprocess = execa(command.file, [...command.args], {
    cwd: command.cwd,
    detached: true,
    cleanup: false,
    reject: false,
    stdin: 'ignore',
    stdout: { file: options.logFile, append: true },
    stderr: { file: options.logFile, append: true },
    env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', ...(options.env ?? {}) },
  });
  const pid = subprocess.pid;
  if (pid === undefined) {
    const result = await subprocess;
    throw new ServerStartError(`${options.profile.name}: could not start ${command.file}: ${result.failed ? result.shortMessage : 'no pid'}`, commandLine);
  }
  registerGroup(pid);
  const exited = subprocess.then((result) => (result.signal ? `exited on ${result.signal}` : `exited with code ${result.exitCode}`));
  const stop = () => stopGroup(pid);
  const baseUrl = `http://${LOOPBACK}:${port}`;

  const readiness = await waitUntilReady({
    url: `${baseUrl}/health`,
    timeoutMs: options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS,
    exited,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!readiness.ready) {
    await stop();
    throw new ServerStartError(
      `${options.profile.name}: server ${readiness.reason}.\n  command: ${commandLine}\n  last log lines (${options.logFile}):\n${lastLines(options.logFile, 12).replace(/^/gm, '    ')}`,
      commandLine,
    );
  }
  return { pid, port, baseUrl, commandLine, startupMs: performance.now() - startedAt, exited, stop };
};
