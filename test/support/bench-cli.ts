// Running the real `bench` command line from tests, and finding any server it left behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { Report } from '../../harness/core/report.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BENCH_BIN = path.join(REPO_ROOT, 'bin', 'bench.js');

const tempDirs: string[] = [];
// A test's reports go when its file's process exits (BENCH_KEEP_TMP=1 keeps them, to look at a failure).
process.on('exit', () => {
  if (process.env['BENCH_KEEP_TMP'] === '1') return;
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a server's log still being written: leave the directory rather than fail the tests that passed
    }
  }
});

/** A directory for a test's reports, removed when the test file's process exits. */
export const makeTempDir = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-${prefix}-`));
  tempDirs.push(dir);
  return dir;
};

/** A marker in the environment that every server launched by this bench process inherits. */
export const newMarker = (): string => `bench-test-${process.pid}-${Math.random().toString(36).slice(2)}`;

export const startBench = (args: readonly string[], marker: string, env: Readonly<Record<string, string>> = {}): ResultPromise<{ reject: false; env: Record<string, string>; cwd: string; all: true }> =>
  execa(process.execPath, [BENCH_BIN, ...args], { reject: false, env: { BENCH_TEST_MARKER: marker, CI: 'true', ...env }, cwd: REPO_ROOT, all: true });

export const runBenchJson = async (args: readonly string[], marker: string): Promise<{ report: Report; exitCode: number | undefined; stderr: string }> => {
  const result = await startBench([...args, '--json'], marker);
  if (result.exitCode !== 0) throw new Error(`bench ${args.join(' ')} exited ${result.exitCode}:\n${String(result.stderr).slice(-3000)}`);
  return { report: JSON.parse(String(result.stdout)) as Report, exitCode: result.exitCode, stderr: String(result.stderr) };
};

/** PIDs of live processes whose environment carries the marker (zombies have no environment and do not count). */
export const processesWithMarker = (marker: string): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`BENCH_TEST_MARKER=${marker}`);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter((pid) => pid !== process.pid);

/** Waits up to `timeoutMs` for every marked process to be gone; returns those still alive. */
export const waitForNoProcesses = async (marker: string, timeoutMs: number): Promise<number[]> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesWithMarker(marker);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export const describeProcesses = (pids: readonly number[]): string =>
  pids
    .map((pid) => {
      try {
        return `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`;
      } catch {
        return `${pid}: (gone)`;
      }
    })
    .join('\n');
