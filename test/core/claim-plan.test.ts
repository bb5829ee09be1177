import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planClaims, sweepCounts, toRunPlan, variantName } from '../../harness/core/claim-plan.js';
import { claimEvidence } from '../../harness/core/claim-evidence.js';
import { judgeClaims } from '../../harness/core/claims-report.js';
import type { Claim } from '../../harness/core/claims-schema.js';
import type { CompletedCell } from '../../harness/core/results.js';
import { loadLedgers } from '../../harness/profiles/load-ledgers.js';
import { CLAIMS_DIR } from '../../harness/paths.js';
import { fakeRepeat, measuredCell } from '../fixtures/fake-repeats.js';
import { realCatalog } from '../fixtures/real-profiles.js';

const base = { claim: 'c', quote: 'q', claimed: 'x', reading: 'r' };
const sweep: Claim = { ...base, id: 'uvicorn.workers-formula', test: { shape: 'sweep', profile: { profile: 'gunicorn-uvicorn' }, scenario: 'cpu', connections: 10 }, check: { expect: 'at-least', value: 0.95 } };

describe('planClaims', () => {
  it('runs each profile once with the cells and probes its claims need, and variants for laid-over settings', () => {
    const claims = loadLedgers(CLAIMS_DIR, realCatalog());
    const plan = planClaims(claims, realCatalog(), { cores: 2, quick: false });
    const names = plan.profiles.map((entry) => entry.profile.name);
    assert.equal(new Set(names).size, names.length);
    const flaskDev = plan.profiles.find((entry) => entry.profile.name === 'flask-dev')!;
    assert.deepEqual(flaskDev.cells.map((cell) => cell.id).sort(), ['flask-dev/health@10', 'flask-dev/health@100', 'flask-dev/io@10', 'flask-dev/io@100', 'flask-dev/io@4'].sort());
    assert.ok(names.includes('gunicorn-sync(workers=4)'));
    const four = plan.profiles.find((entry) => entry.profile.name === 'gunicorn-sync(workers=4)')!;
    assert.equal(four.profile.server === 'gunicorn' && four.profile.settings.workers, 4);
    assert.deepEqual(four.probes, [{ kind: 'memory' }]);
    // Two sweep claims on gunicorn-uvicorn share one sweep: 1 to 9 workers, once each.
    const sweepCells = plan.profiles.filter((entry) => entry.profile.name.startsWith('gunicorn-uvicorn(workers='));
    assert.deepEqual(sweepCells.map((entry) => entry.profile.name), Array.from({ length: 9 }, (_, i) => `gunicorn-uvicorn(workers=${i + 1})`));
    assert.ok(plan.profiles.find((entry) => entry.profile.name === 'waitress-like')!.probes.some((probe) => probe.kind === 'idle'));
    const run = toRunPlan(plan, { durationSec: 3, warmupSec: 1, repeats: 3 });
    assert.equal(run.totalCells, plan.profiles.reduce((sum, entry) => sum + entry.cells.length, 0));
  });

  it('with --quick, sweeps fewer counts and leaves the idle-connection claim out, saying why', () => {
    const claims = loadLedgers(CLAIMS_DIR, realCatalog());
    const plan = planClaims(claims, realCatalog(), { cores: 2, quick: true });
    assert.deepEqual(sweepCounts(2, true, [5, 3]), [1, 2, 3, 5, 9]);
    assert.match(plan.skipped.get('waitress.channel-timeout') ?? '', /not measured with --quick/);
    assert.ok(!plan.profiles.find((entry) => entry.profile.name === 'waitress-like')!.probes.some((probe) => probe.kind === 'idle'));
  });

  it('names a variant by its profile and settings', () => {
    assert.equal(variantName('gunicorn-sync', { workers: 4 }), 'gunicorn-sync(workers=4)');
    assert.equal(variantName('gunicorn-sync', undefined), 'gunicorn-sync');
  });
});

const cellAt = (name: string, rpsValues: readonly number[]): CompletedCell => {
  const cell = measuredCell('gunicorn-uvicorn', 'cpu', 10, rpsValues.map((rps) => fakeRepeat({ rps, latencyMs: { mean: 10, p50: 10, p99: 20 } })));
  return { ...cell, id: `${name}/cpu@10`, profile: name };
};

describe('claimEvidence for a workers sweep', () => {
  it('reads the judged count against the best of the sweep, and lists every count', () => {
    const cells = [cellAt('gunicorn-uvicorn(workers=1)', [100, 101, 99]), cellAt('gunicorn-uvicorn(workers=2)', [190, 195, 200]), cellAt('gunicorn-uvicorn(workers=5)', [160, 162, 165])];
    const evidence = claimEvidence(sweep, cells, [], { catalog: realCatalog(), cores: 2 });
    assert.ok(evidence && !('missing' in evidence));
    assert.ok(Math.abs(evidence.value - 162 / 195) < 1e-9);
    assert.match(evidence.note ?? '', /req\/s \(p99\) by workers: 1: 100 \(20 ms\), 2: 195 \(20 ms\), 5: 162 \(20 ms\); best 2, judged 5/);
    const [row] = judgeClaims([{ ...sweep, document: '004_28ab550f9441b8a8.txt' }], cells, [], { catalog: realCatalog(), cores: 2 });
    assert.equal(row!.verdict, 'refuted');
  });

  it('counts the judged workers as good as the best when the difference is within the noise of the repeats', () => {
    const cells = [cellAt('gunicorn-uvicorn(workers=2)', [170, 180, 190]), cellAt('gunicorn-uvicorn(workers=5)', [165, 172, 185])];
    const [row] = judgeClaims([{ ...sweep, document: '004_28ab550f9441b8a8.txt' }], cells, [], { catalog: realCatalog(), cores: 2 });
    assert.equal(row!.verdict, 'confirmed');
    assert.match(row!.reason, /5 workers are not significantly below the best count, 2 \(Welch p = 0\.\d+ over the repeats, against 0\.0500 for the best of 2 counts\)/);
  });

  it('says what is missing when the judged count was not measured', () => {
    const evidence = claimEvidence(sweep, [cellAt('gunicorn-uvicorn(workers=1)', [100])], [], { catalog: realCatalog(), cores: 2 });
    assert.deepEqual(evidence, { missing: 'the sweep did not measure 5 workers' });
  });
});

describe('claimEvidence on a cell', () => {
  const users: Claim = { ...base, id: 'waitress.hundred-users', test: { shape: 'cell', cell: { profile: 'waitress-like', scenario: 'mix', connections: 100 }, metric: 'p99' }, check: { expect: 'at-most', value: 1000 }, maxFailedShare: 0 };

  it('counts a timeout once: the generators count it among their errors too', () => {
    // 900 answers, 100 errors of which 40 timeouts: 100 of 1,000 attempts failed, not 140 of 1,040.
    const cell = measuredCell('waitress-like', 'mix', 100, [fakeRepeat({ rps: 90, durationSec: 10, errors: 100, timeouts: 40 })]);
    const evidence = claimEvidence(users, [cell], [], { catalog: realCatalog(), cores: 2 });
    assert.ok(evidence && !('missing' in evidence));
    assert.equal(evidence.failedShare, 0.1);
    assert.match(evidence.note ?? '', /of 1000 requests 60 errors, 40 timeouts, 0 refused \(non-2xx\)$/);
  });
});
