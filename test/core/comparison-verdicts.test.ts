// Whether a comparison can carry a conclusion: Welch's test over the repeats, and the cells' own verdicts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildComparisons, type Comparison } from '../../harness/core/comparison.js';
import type { CompletedCell } from '../../harness/core/results.js';
import { fakeRepeat, measuredCell, repeatsAt } from '../fixtures/fake-repeats.js';
import { realResolved } from '../fixtures/real-profiles.js';

// gunicorn-sync-scaled (bound 200 req/s on 2 cores) beside its counterpart flask-dev (bound 100 req/s) on cpu@10.
const PROFILES = [realResolved('flask-dev'), realResolved('gunicorn-sync-scaled')];
const CPU_LATENCY = { latencyMs: { min: 10, mean: 50, p50: 48, p90: 70, p99: 90, max: 120 } };

const devCell = (repeats = repeatsAt([88, 90, 92], CPU_LATENCY)): CompletedCell => measuredCell('flask-dev', 'cpu', 10, repeats);
const productionCell = (repeats = repeatsAt([178, 180, 182], CPU_LATENCY)): CompletedCell => measuredCell('gunicorn-sync-scaled', 'cpu', 10, repeats);

const compare = (production: CompletedCell, dev: CompletedCell): Comparison => {
  const comparisons = buildComparisons(PROFILES, [dev, production]);
  assert.equal(comparisons.length, 1);
  return comparisons[0]!;
};

describe('buildComparisons: rpsDifference', () => {
  it('finds clearly different repeats significantly different', () => {
    const { rpsDifference, inconclusive } = compare(productionCell(), devCell());
    assert.equal(rpsDifference.significant, true);
    assert.ok(rpsDifference.pValue !== null && rpsDifference.pValue < 0.05, `p = ${rpsDifference.pValue}`);
    assert.equal(inconclusive, null, 'steady cells inside their bounds support a conclusion');
  });

  it('does not call overlapping repeats different', () => {
    const { rpsDifference } = compare(productionCell(repeatsAt([89, 92, 94], CPU_LATENCY)), devCell());
    assert.equal(rpsDifference.significant, false);
    assert.ok(rpsDifference.pValue !== null && rpsDifference.pValue >= 0.05, `p = ${rpsDifference.pValue}`);
  });

  it('gives no p-value for single repeats', () => {
    const { rpsDifference } = compare(productionCell(repeatsAt([180], CPU_LATENCY)), devCell(repeatsAt([90], CPU_LATENCY)));
    assert.deepEqual(rpsDifference, { pValue: null, significant: false });
  });
});

describe('buildComparisons: inconclusive', () => {
  it('names the production cell when its generator was the bottleneck', () => {
    const production = productionCell([fakeRepeat({ ...CPU_LATENCY, rps: 180 }), fakeRepeat({ ...CPU_LATENCY, rps: 181, generatorCpuPercent: 97 }), fakeRepeat({ ...CPU_LATENCY, rps: 179 })]);
    assert.match(compare(production, devCell()).inconclusive ?? '', /^gunicorn-sync-scaled\/cpu@10 was generator-bound \(autocannon used 97% of a core\)/);
  });

  it('names the counterpart’s cell when it is too noisy', () => {
    const dev = devCell(repeatsAt([40, 90, 98], CPU_LATENCY));
    assert.match(compare(productionCell(), dev).inconclusive ?? '', /^flask-dev\/cpu@10 is too noisy/);
  });

  it('names the cell that broke its bound, with the bound', () => {
    // flask-dev runs Python in one process: 10 ms of CPU each caps it at 100 req/s.
    const dev = devCell(repeatsAt([149, 150, 151], CPU_LATENCY));
    assert.match(compare(productionCell(), dev).inconclusive ?? '', /^flask-dev\/cpu@10 broke its bound: 150\.0 successful req\/s is above the bound of 100\.0/);
  });

  it('names the production cell first when both sides are inconclusive', () => {
    const production = productionCell(repeatsAt([100, 180, 250], CPU_LATENCY));
    const dev = devCell(repeatsAt([40, 90, 98], CPU_LATENCY));
    assert.match(compare(production, dev).inconclusive ?? '', /^gunicorn-sync-scaled\/cpu@10/);
  });
});
