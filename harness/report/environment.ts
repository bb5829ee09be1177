// The machine and software a run happened on, recorded so a reader can judge and rerun it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { Environment } from '../core/report.js';
import { PACKAGE_ROOT } from '../paths.js';
import { wrkVersion } from '../load/wrk-load.js';
import { heyVersion } from '../load/hey-load.js';
import type { Inventory } from '../servers/inventory.js';

const require = createRequire(import.meta.url);

const packageVersion = (file: string): string => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;

const gitCommit = async (): Promise<string | null> => {
  const result = await execa('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : null;
};

/** Whether the working tree differs from that commit (then the commit alone does not say what ran). */
const gitDirty = async (): Promise<boolean | null> => {
  const result = await execa('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: PACKAGE_ROOT, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() !== '' : null;
};

export const collectEnvironment = async (inventory: Inventory): Promise<Environment> => {
  const autocannonVersion = packageVersion(require.resolve('autocannon/package.json'));
  return {
    platform: `${os.platform()}-${os.arch()}`,
    kernel: os.release(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    // The machine's CPUs, not this process's share: under --pin bench has moved itself to one of them.
    cores: os.cpus().length || os.availableParallelism(),
    memoryBytes: os.totalmem(),
    loadAverage: os.loadavg(),
    node: process.version,
    python: { path: inventory.python.path, version: inventory.python.version ?? 'unknown' },
    servers: inventory.versions,
    loadGenerator: { name: 'autocannon', version: autocannonVersion },
    generators: { autocannon: autocannonVersion, wrk: await wrkVersion(), hey: await heyVersion() },
    bench: { version: packageVersion(path.join(PACKAGE_ROOT, 'package.json')), gitCommit: await gitCommit(), gitDirty: await gitDirty() },
  };
};
