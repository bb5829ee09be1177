import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crossCheckCell } from '../../harness/core/agreement.js';
import type { Report } from '../../harness/core/report.js';
import type { CompletedCell } from '../../harness/core/results.js';
import { buildCeiling, buildSelfBenchmark, pickFastestProfile } from '../../harness/core/self-benchmark.js';
import { fakeReportWith } from '../fixtures/fake-report.js';
import { measuredCell, repeatsAt } from '../fixtures/fake-repeats.js';

/** A health cell measured at `autocannonRps` by autocannon and `wrkRps` by wrk. */
const checked = (profile: string, connections: number, autocannonRps: number, wrkRps: number): CompletedCell => {
  const mine = measuredCell(profile, 'health', connections, repeatsAt([autocannonRps, autocannonRps, autocannonRps], { generatorCpuPercent: 40 }));
  const theirs = measuredCell(profile, 'health', connections, repeatsAt([wrkRps, wrkRps, wrkRps]).map((r) => ({ ...r, generator: { name: 'wrk', cpuPercent: 15 } })));
  return { ...mine, crossCheck: crossCheckCell(mine, theirs) };
};

describe('pickFastestProfile', () => {
  it('picks the profile whose health cell wrk drove fastest', () => {
    const report = fakeReportWith([checked('flask-dev', 10, 800, 820), checked('uvicorn', 10, 8000, 9000), checked('waitress-like', 10, 2500, 2400)]);
    assert.equal(pickFastestProfile(report), 'uvicorn');
  });

  it('gives null when no cell was cross-checked', () => {
    assert.equal(pickFastestProfile(fakeReportWith([measuredCell('uvicorn', 'health', 10, repeatsAt([9000]))])), null);
  });
});

describe('buildCeiling', () => {
  const report: Report = fakeReportWith([checked('uvicorn', 10, 8000, 8500), checked('uvicorn', 50, 9000, 10000), checked('uvicorn', 200, 8500, 9500)]);

  it('takes each generator’s highest rate over the connection counts, and their ratio', () => {
    const ceiling = buildCeiling(report)!;
    assert.equal(ceiling.autocannonRps, 9000);
    assert.equal(ceiling.referenceRps, 10000);
    assert.equal(ceiling.ratio, 0.9);
    assert.equal(ceiling.meetsTarget, true);
    assert.deepEqual(ceiling.levels.map((l) => l.connections), [10, 50, 200]);
  });

  it('goes into the self-benchmark with the validation tally', () => {
    const self = buildSelfBenchmark({ validation: report, ceilings: [report], createdAt: '2026-11-25T12:00:00.000Z' });
    assert.equal(self.ceilings[0]?.profile, 'uvicorn');
    assert.equal(self.ceilings[0]?.pinned, false);
    assert.equal(self.validation.tally.agree + self.validation.tally.noisy + self.validation.tally.disagree, 3);
  });
});
