import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyWrkCorrection, histogramStats, undoWrkCorrection, wrkCorrectionInterval, type Histogram } from '../../harness/load/wrk-histogram.js';

// What a closed loop on a server like dxf-limited gives: most answers are instant refusals, a few wait in its queue.
const bimodal: Histogram = { values: [900, 1_000, 1_100, 95_000, 100_000, 310_000], counts: [200, 500, 100, 90, 100, 10] };

describe('wrkCorrectionInterval', () => {
  it('is the run’s µs over the responses per connection, both divided on integers as wrk does', () => {
    assert.equal(wrkCorrectionInterval(3_002_044, 4_167, 100), 73_220); // 4,167 ÷ 100 → 41
  });

  it('is null where wrk corrects nothing (fewer responses than connections)', () => {
    assert.equal(wrkCorrectionInterval(2_000_000, 99, 100), null);
  });
});

describe('applyWrkCorrection, wrk’s stats_correct', () => {
  it('adds a sample at n − E, n − 2E, … above E for each latency n of at least 2E', () => {
    const corrected = applyWrkCorrection({ values: [1_000, 35_000], counts: [3, 2] }, 10_000);
    assert.deepEqual(corrected, { values: [1_000, 15_000, 25_000, 35_000], counts: [3, 2, 2, 2] });
  });

  it('adds nothing at exactly 2E (its first synthetic sample would be E, not above it)', () => {
    assert.deepEqual(applyWrkCorrection({ values: [20_000], counts: [4] }, 10_000), { values: [20_000], counts: [4] });
  });
});

describe('undoWrkCorrection', () => {
  it('gives back exactly the histogram wrk timed', () => {
    for (const interval of [30_000, 47_123, 99_999, 200_000]) {
      assert.deepEqual(undoWrkCorrection(applyWrkCorrection(bimodal, interval), interval), bimodal, `E = ${interval}`);
    }
  });

  it('changes nothing where wrk corrected nothing', () => {
    assert.deepEqual(undoWrkCorrection(bimodal, null), bimodal);
  });

  it('refuses a histogram that was not corrected with that interval, rather than give a wrong figure', () => {
    const corrected = applyWrkCorrection(bimodal, 47_123);
    assert.throws(() => undoWrkCorrection(corrected, 47_124), /not corrected with an interval of 47124 µs/);
  });

  // The regression: wrk's own figures on such a histogram put more requests in flight than there are connections.
  it('takes out the synthetic samples that raise wrk’s printed mean and p50', () => {
    const interval = 22_440; // the mean latency: a connection's cycle in a closed loop
    const printed = histogramStats(applyWrkCorrection(bimodal, interval));
    const timed = histogramStats(undoWrkCorrection(applyWrkCorrection(bimodal, interval), interval));
    assert.equal(timed.count, 1_000);
    assert.ok(printed.count > 1_600, `${printed.count} samples printed, synthetic ones among them`);
    assert.ok(printed.meanUs > 1.4 * timed.meanUs, `printed mean ${printed.meanUs} µs, timed ${timed.meanUs}`);
    assert.equal(timed.p50Us, 1_000);
    assert.ok(printed.p50Us > 1_000, `printed p50 ${printed.p50Us} µs`);
  });
});

describe('histogramStats', () => {
  it('reads percentiles by wrk’s rule: the smallest value whose cumulative count reaches round(p% × count + 0.5)', () => {
    const stats = histogramStats(bimodal);
    assert.equal(stats.count, 1_000);
    assert.equal(stats.minUs, 900);
    assert.equal(stats.maxUs, 310_000);
    assert.equal(stats.p50Us, 1_000); // rank 501: 200 + 500 reach it
    assert.equal(stats.p90Us, 100_000); // rank 901: 800 + 90 do not reach it, + 100 do
    assert.equal(stats.p99Us, 310_000); // rank 991: 990 do not
    const mean = (900 * 200 + 1_000 * 500 + 1_100 * 100 + 95_000 * 90 + 100_000 * 100 + 310_000 * 10) / 1_000;
    assert.equal(stats.meanUs, mean);
  });

  it('gives zeros for an empty histogram', () => {
    assert.deepEqual(histogramStats({ values: [], counts: [] }), { count: 0, minUs: 0, meanUs: 0, maxUs: 0, p50Us: 0, p90Us: 0, p99Us: 0 });
  });
});
