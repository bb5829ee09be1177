// Interrupting a run midway: Ctrl+C keeps what was measured and stops the servers; even SIGKILL of the
// harness leaves no server behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../harness/core/report.js';
import { describeProcesses, makeTempDir, newMarker, processesWithMarker, startBench, waitForNoProcesses } from '../support/bench-cli.js';

type Bench = ReturnType<typeof startBench>;

const waitForOutput = (bench: Bench, pattern: RegExp, timeoutMs: number): Promise<void> =>
  new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
    bench.all?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });

const serverPids = (marker: string, bench: Bench): number[] => processesWithMarker(marker).filter((pid) => pid !== bench.pid);

describe('an interrupted run', () => {
  it('stops every server on Ctrl+C, exits 130 and keeps the cells measured so far', { timeout: 90_000 }, async () => {
    const marker = newMarker();
    const out = makeTempDir('sigint');
    // 5 s cells: flask-dev's two finish, and waitress-like's first has just begun (its warm-up) when the interrupt,
    // sent on its ready line, arrives.
    const bench = startBench(['run', '-p', 'waitress-like', '-s', 'health', '-s', 'io', '-c', '5', '-d', '5', '--quick', '--out', out], marker);
    // Interrupt during waitress-like's cell, after flask-dev's cells are done.
    await waitForOutput(bench, /\[waitress-like\] ready on port/, 90_000);
    assert.ok(serverPids(marker, bench).length > 0, 'the server should be running before the interrupt');
    bench.kill('SIGINT');
    const result = await bench;
    assert.equal(result.exitCode, 130, String(result.all));
    const left = await waitForNoProcesses(marker, 5000);
    assert.deepEqual(left, [], describeProcesses(left));
    const runDir = String(result.stdout).trim().split('\n').at(-1)!;
    const report = JSON.parse(readFileSync(path.join(runDir, 'report.json'), 'utf8')) as Report;
    assert.equal(report.status, 'aborted');
    assert.deepEqual(report.results.filter((r) => r.status === 'completed').map((r) => r.id), ['flask-dev/health@5', 'flask-dev/io@5']);
  });

  it('leaves no server behind when the harness itself is killed with SIGKILL', { timeout: 60_000 }, async () => {
    const marker = newMarker();
    const bench = startBench(['run', '-p', 'gunicorn-sync-scaled', '--no-counterpart', '-s', 'io', '-c', '5', '-d', '30', '--quick', '--out', makeTempDir('sigkill')], marker);
    await waitForOutput(bench, /\[gunicorn-sync-scaled\] ready on port/, 45_000);
    assert.ok(serverPids(marker, bench).length >= 2, 'gunicorn master and workers should be running');
    bench.kill('SIGKILL');
    await bench;
    const left = await waitForNoProcesses(marker, 10_000);
    assert.deepEqual(left, [], describeProcesses(left));
  });
});
