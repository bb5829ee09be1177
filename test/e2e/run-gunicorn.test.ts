// A gunicorn profile on the real server: one sync worker serves one request at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCompleted } from '../../harness/core/results.js';
import { describeProcesses, makeTempDir, newMarker, runBenchJson, waitForNoProcesses } from '../support/bench-cli.js';

describe('bench run --profile gunicorn-sync', () => {
  it('cannot pass 10 requests/s on a 100 ms handler with one sync worker, and leaves nothing running', async () => {
    const marker = newMarker();
    const { report } = await runBenchJson(['run', '-p', 'gunicorn-sync', '--no-counterpart', '-s', 'io', '-c', '4', '-d', '3', '--quick', '--out', makeTempDir('gunicorn')], marker);
    const io = report.results[0]!;
    assert.ok(isCompleted(io), JSON.stringify(io));
    assert.ok(io.rps <= 10 * 1.05, `gunicorn-sync io@4 did ${io.rps} req/s`);
    // 4 connections share one worker: each waits for the 3 ahead of it.
    assert.ok(io.latencyMs.p50 >= 300, `p50 ${io.latencyMs.p50} ms`);
    assert.match(report.profiles[0]!.commandLine ?? '', /-m gunicorn --bind 127\.0\.0\.1:\d+ --workers 1 --worker-class sync/);
    const left = await waitForNoProcesses(marker, 5000);
    assert.deepEqual(left, [], describeProcesses(left));
  });
});
