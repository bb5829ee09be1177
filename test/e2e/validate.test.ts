// `bench validate` on real servers: autocannon and wrk measure the same cells, repeat by repeat, and agree where
// physics pins the answer (a 100 ms handler), including on a server that closes the connection after each answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCompleted } from '../../harness/core/results.js';
import { describeProcesses, makeTempDir, newMarker, runBenchJson, waitForNoProcesses } from '../support/bench-cli.js';

describe('bench validate', () => {
  it('measures each cell with both generators in turn and finds them agreeing on /io, and leaves nothing running', { timeout: 180_000 }, async () => {
    const marker = newMarker();
    const { report } = await runBenchJson(['validate', '-p', 'flask-dev', '-p', 'waitress-like', '-s', 'io', '-c', '10', '--repeat', '2', '-d', '2', '--out', makeTempDir('validate')], marker);
    assert.deepEqual(report.results.map((r) => r.id), ['flask-dev/io@10', 'waitress-like/io@10']);
    assert.ok(report.environment.generators.wrk, 'the wrk version is in the manifest');
    for (const cell of report.results) {
      assert.ok(isCompleted(cell), cell.id);
      const check = cell.crossCheck;
      assert.ok(check?.status === 'completed', `${cell.id}: ${JSON.stringify(check)}`);
      assert.equal(check.reference.generator.name, 'wrk');
      assert.equal(check.reference.repeats.length, 2);
      // wrk's latency is the one it timed: its histogram was read and its coordinated-omission correction undone.
      assert.equal(typeof check.reference.wrkCorrectionRemoved, 'number', `${cell.id}: no wrkCorrectionRemoved on wrk's figures`);
      assert.equal(cell.repeats.length, 2);
      // Both generators see the physics: nothing under 100 ms, and no more than the bound allows.
      assert.ok(check.reference.latencyMs.min >= 99, `${cell.id}: wrk min ${check.reference.latencyMs.min} ms`);
      assert.ok(cell.bound.maxRps !== null && check.reference.rps <= cell.bound.maxRps * 1.05, `${cell.id}: wrk ${check.reference.rps} req/s`);
      assert.equal(check.agreement.verdict, 'agree', `${cell.id}: ${[...check.agreement.disagreements, ...check.agreement.noise].join('; ')}`);
    }
    const left = await waitForNoProcesses(marker, 5000);
    assert.deepEqual(left, [], describeProcesses(left));
  });
});
