// Every profile starts its real server, serves every scenario its app has, and stops without a trace.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SCENARIO_NAMES } from '../../harness/core/scenarios.js';
import { isCompleted } from '../../harness/core/results.js';
import { describeProcesses, makeTempDir, newMarker, REPO_ROOT, runBenchJson, waitForNoProcesses } from '../support/bench-cli.js';

const profileNames = readdirSync(path.join(REPO_ROOT, 'profiles'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.replace(/\.yaml$/, ''));

const maxRecycleErrors = (settings: Record<string, unknown>, requests: number, connections: number): number => {
  const workers = Number(settings['workers']);
  const everyRequests = Number(settings['maxRequests']) - Number(settings['maxRequestsJitter'] ?? 0);
  assert.ok(workers > 0 && everyRequests > 0, `settings without workers or max_requests: ${JSON.stringify(settings)}`);
  return (workers + Math.floor(requests / everyRequests)) * connections;
};

describe('every profile in profiles/', () => {
  it('serves every scenario on its real server and stops cleanly', { timeout: 480_000 }, async () => {
    const marker = newMarker();
    const args = ['run', ...profileNames.flatMap((name) => ['-p', name]), '--no-counterpart', '-c', '2', '-d', '1', '--warmup', '0', '--analysis-ms', '100', '--quick', '--out', makeTempDir('all')];
    const { report } = await runBenchJson(args, marker);
    assert.equal(report.results.length, profileNames.length * DEFAULT_SCENARIO_NAMES.length);
    const restartsWorkers = new Set(report.profiles.filter((p) => 'maxRequests' in p.settings).map((p) => p.name));
    const settingsOf = new Map(report.profiles.map((p) => [p.name, p.settings as Record<string, unknown>]));
    for (const result of report.results) {
      assert.ok(isCompleted(result), `${result.id}: ${JSON.stringify(result)}`);
      assert.ok(result.requests > 0, `${result.id}: no response`);
      assert.equal(result.non2xx, 0, `${result.id}: ${JSON.stringify(result.statusCodes)}`);
      // A worker recycled by max_requests drops the request in flight on each keep-alive connection it held: at most
      // one per connection per recycle. Each worker may retire once in a cell on the count it brought from earlier
      // cells, and once more every (max_requests - jitter) requests it serves. (gunicorn-uvicorn/analysis@2 lost 2 of
      // 28 requests when its worker retired with both connections: a share of the requests is no bound here.)
      const allowedErrors = restartsWorkers.has(result.profile) ? maxRecycleErrors(settingsOf.get(result.profile)!, result.requests, result.connections) : 0;
      assert.ok(result.errors <= allowedErrors, `${result.id}: ${result.errors} errors in ${result.requests} requests`);
    }
    // The client connections each worker held (its sockets beyond those it had before the load): on a server keeping
    // them alive, never more than the generator opened, unless a recycled worker's own sockets count with them; and
    // seen at all on some server. (A server closing each connection holds it a moment after its client has opened
    // the next: gunicorn-sync-scaled/io@2 read 2.2 on average.)
    const closesConnections = new Set(report.profiles.filter((p) => p.server === 'flask-dev' || p.settings['workerClass'] === 'sync').map((p) => p.name));
    const held = report.results.filter(isCompleted).flatMap((result) => result.repeats.map((repeat) => ({ result, sum: (repeat.processConnections ?? []).reduce((a, b) => a + b, 0) })));
    for (const { result, sum } of held.filter(({ result }) => !restartsWorkers.has(result.profile) && !closesConnections.has(result.profile))) {
      assert.ok(sum <= result.connections, `${result.id}: the workers held ${sum} client connections on average, of ${result.connections}`);
    }
    assert.ok(held.some(({ sum }) => sum > 0), 'no worker was seen holding a client connection');
    for (const profile of report.profiles) assert.ok((profile.startupMs ?? 0) > 0, `${profile.name} has no startup time`);
    const left = await waitForNoProcesses(marker, 5000);
    assert.deepEqual(left, [], describeProcesses(left));
  });
});
