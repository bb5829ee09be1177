import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateCell } from '../../harness/core/aggregate-cell.js';
import type { CellBound } from '../../harness/core/bounds.js';
import { cellSpec } from '../fixtures/fake-report.js';
import { fakeRepeat, measuredCell, repeatsAt } from '../fixtures/fake-repeats.js';

const UNBOUNDED: CellBound = { maxRps: null, minLatencyMs: 0, reason: 'no bound but the machine', requestTimeoutSec: 10 };
const TWO_CORES = { cores: 2, pinned: false };
const spec = cellSpec('waitress-like', 'io', 10);

describe('aggregateCell', () => {
  it('reports the median repeat’s throughput, not the mean', () => {
    const cell = aggregateCell(spec, repeatsAt([90, 130, 100]), UNBOUNDED, TWO_CORES);
    assert.equal(cell.rps, 100);
    assert.equal(cell.stats.rps.n, 3);
  });

  it('reports each latency percentile as the median over the repeats', () => {
    const cell = aggregateCell(
      spec,
      [
        fakeRepeat({ latencyMs: { mean: 104, p50: 100, p90: 120, p99: 130 } }),
        fakeRepeat({ latencyMs: { mean: 120, p50: 110, p90: 160, p99: 200 } }),
        fakeRepeat({ latencyMs: { mean: 110, p50: 105, p90: 140, p99: 150 } }),
      ],
      UNBOUNDED,
      TWO_CORES,
    );
    assert.deepEqual({ mean: cell.latencyMs.mean, p50: cell.latencyMs.p50, p90: cell.latencyMs.p90, p99: cell.latencyMs.p99 }, { mean: 110, p50: 105, p90: 140, p99: 150 });
  });

  it('reports the fastest response of any repeat as the minimum and the slowest as the maximum', () => {
    const cell = aggregateCell(
      spec,
      [fakeRepeat({ latencyMs: { min: 101, max: 180 } }), fakeRepeat({ latencyMs: { min: 100.2, max: 900 } }), fakeRepeat({ latencyMs: { min: 103, max: 150 } })],
      UNBOUNDED,
      TWO_CORES,
    );
    assert.equal(cell.latencyMs.min, 100.2);
    assert.equal(cell.latencyMs.max, 900);
  });

  it('sums the counts and the measured time of all repeats', () => {
    const cell = aggregateCell(
      spec,
      [fakeRepeat({ rps: 100, errors: 1, timeouts: 1, non2xx: 2 }), fakeRepeat({ rps: 100, errors: 2, non2xx: 3 }), fakeRepeat({ rps: 100, errors: 3, timeouts: 4 })],
      UNBOUNDED,
      TWO_CORES,
    );
    assert.deepEqual(
      { durationSec: cell.durationSec, requests: cell.requests, errors: cell.errors, timeouts: cell.timeouts, non2xx: cell.non2xx },
      { durationSec: 30, requests: 3000, errors: 6, timeouts: 5, non2xx: 5 },
    );
    assert.deepEqual(cell.statusCodes, { '200': 2995, '503': 5 });
  });

  it('reports the peak memory of any repeat', () => {
    const mib = 1024 * 1024;
    const cell = aggregateCell(spec, [fakeRepeat({ rssBytes: 60 * mib }), fakeRepeat({ rssBytes: 90 * mib }), fakeRepeat({ rssBytes: 70 * mib })], UNBOUNDED, TWO_CORES);
    assert.equal(cell.rssBytes, 90 * mib);
  });

  it('keeps the repeats it was built from', () => {
    const repeats = repeatsAt([99, 100, 101]);
    assert.deepEqual(aggregateCell(spec, repeats, UNBOUNDED, TWO_CORES).repeats, repeats);
  });

  it('calls the cell generator-bound when the generator used 85% of a core in any repeat', () => {
    const cell = aggregateCell(spec, [fakeRepeat({ generatorCpuPercent: 20 }), fakeRepeat({ generatorCpuPercent: 85 }), fakeRepeat({ generatorCpuPercent: 30 })], UNBOUNDED, TWO_CORES);
    assert.equal(cell.generatorBound, true);
    assert.deepEqual(cell.generator, { name: 'autocannon', cpuPercent: 85 });
  });

  it('keeps the highest event-loop delay of the repeats, and none when no repeat recorded one', () => {
    const late = (p99: number, max: number) => ({ ...fakeRepeat(), generator: { name: 'autocannon', cpuPercent: 20, eventLoopDelayMs: { p99, max } } });
    const cell = aggregateCell(spec, [late(1, 30), late(3, 5), late(2, 9)], UNBOUNDED, TWO_CORES);
    assert.deepEqual(cell.generator.eventLoopDelayMs, { p99: 3, max: 30 });
    assert.equal('eventLoopDelayMs' in aggregateCell(spec, repeatsAt([99, 100]), UNBOUNDED, TWO_CORES).generator, false);
  });

  it('does not call the cell generator-bound below 85% of a core over many connections', () => {
    const cell = aggregateCell(cellSpec('waitress-like', 'io', 100), [fakeRepeat({ generatorCpuPercent: 84.9 }), fakeRepeat({ generatorCpuPercent: 60 })], UNBOUNDED, TWO_CORES);
    assert.equal(cell.generatorBound, false);
  });

  it('flags a median throughput above the cell’s bound, with the reason', () => {
    // waitress-like io@10 cannot pass 40 req/s: 4 threads ÷ 100 ms.
    const cell = measuredCell('waitress-like', 'io', 10, repeatsAt([50, 52, 51]));
    assert.equal(cell.boundViolated, true);
    assert.match(cell.boundReason ?? '', /51\.0 successful req\/s is above the bound of 40\.0 \(4 threads ÷ 100 ms/);
  });

  it('accepts a throughput within the bound', () => {
    const cell = measuredCell('waitress-like', 'io', 10, repeatsAt([39, 40, 39.5]));
    assert.equal(cell.boundViolated, false);
    assert.equal(cell.boundReason, null);
  });

  it('flags a response faster than the handler can answer in any repeat', () => {
    const cell = measuredCell('waitress-like', 'io', 10, [fakeRepeat({ rps: 39 }), fakeRepeat({ rps: 39, latencyMs: { min: 12 } }), fakeRepeat({ rps: 39 })]);
    assert.equal(cell.boundViolated, true);
    assert.match(cell.boundReason ?? '', /12 ms, below the handler's floor of 100 ms/);
  });

  it('calls the cell noisy when the repeats’ throughput spreads wide', () => {
    assert.equal(aggregateCell(spec, repeatsAt([50, 100, 150]), UNBOUNDED, TWO_CORES).noisy, true);
    assert.equal(aggregateCell(spec, repeatsAt([99, 100, 101]), UNBOUNDED, TWO_CORES).noisy, false);
  });

  it('calls the cell noisy when the repeats’ p99 spreads wide, however steady the throughput', () => {
    const repeats = [fakeRepeat({ latencyMs: { p99: 120 } }), fakeRepeat({ latencyMs: { p99: 400 } }), fakeRepeat({ latencyMs: { p99: 900 } })];
    const cell = aggregateCell(spec, repeats, UNBOUNDED, TWO_CORES);
    assert.equal(cell.stats.rps.noisy, false);
    assert.equal(cell.noisy, true);
  });

  it('refuses to aggregate no repeats, naming the cell', () => {
    assert.throws(() => aggregateCell(spec, [], UNBOUNDED, TWO_CORES), /waitress-like\/io@10: no repeat/);
  });
});
