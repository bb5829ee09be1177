// Judging gates: absolute, relative, baseline and claim gates on reports built from fake cells. Noise never fails a
// gate; a real difference does; what the gates name but the report lacks is bad input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, GateInputError, judgeGate, judgeGates } from '../../harness/core/gate-eval.js';
import { parseGateExpression, type Gate } from '../../harness/core/gate-grammar.js';
import type { Report } from '../../harness/core/report.js';
import type { CompletedCell } from '../../harness/core/results.js';
import type { ClaimRow } from '../../harness/core/claims-report.js';
import { completedCell, failedCell, fakeReportWith, fakeReport } from '../fixtures/fake-report.js';
import { realResolved } from '../fixtures/real-profiles.js';

const gate = (line: string, name = 'g'): Gate => ({ name, line, expression: parseGateExpression(line) });

/** A cell whose repeats measured these req/s (and p99s): its figure is their median, as aggregateCell gives. */
const withRepeats = (cell: CompletedCell, rps: readonly number[], p99?: readonly number[]): CompletedCell => {
  const repeats = rps.map((value, index) => ({ ...cell.repeats[index % cell.repeats.length]!, rps: value, latencyMs: { ...cell.latencyMs, p99: p99?.[index] ?? cell.latencyMs.p99 } }));
  const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { ...cell, repeats, rps: median(rps), latencyMs: { ...cell.latencyMs, p99: p99 ? median(p99) : cell.latencyMs.p99 } };
};

const report = (...cells: CompletedCell[]): Report => fakeReportWith(cells);

describe('decide', () => {
  it('fails only when the whole interval breaks the bound', () => {
    assert.equal(decide(45, [40, 50], '<', 60), 'pass');
    assert.equal(decide(45, [40, 50], '<', 30), 'fail');
    assert.equal(decide(55, [50, 60], '<', 52), 'inconclusive');
    assert.equal(decide(49, [40, 60], '<', 52), 'pass');
    assert.equal(decide(0, [0, 0], '==', 0), 'pass');
    assert.equal(decide(3, [3, 3], '==', 0), 'fail');
  });
});

describe('absolute gates', () => {
  const waitress = completedCell('waitress-like', 'io', 10, { rps: 39, p99Ms: 120 });
  const context = { report: report(waitress) };

  it('pass, fail, with the interval of the mean over the repeats', () => {
    const pass = judgeGate(gate('waitress-like/io@10 rps >= 30'), context);
    assert.equal(pass.verdict, 'pass');
    assert.equal(pass.checks[0]!.value, 39);
    const [lo, hi] = pass.checks[0]!.interval!;
    assert.ok(lo < 39 && 39 < hi && lo > 37 && hi < 41, `${lo}–${hi}`);
    assert.equal(judgeGate(gate('waitress-like/io@10 p99 < 50ms'), context).verdict, 'fail');
    assert.equal(judgeGate(gate('waitress-like/io@10 p99 < 0.2s'), context).verdict, 'pass');
  });

  it('a bound inside a wide interval, with the figure past it, is inconclusive, not a failure', () => {
    const noisy = withRepeats(waitress, [20, 40, 60]);
    const result = judgeGate(gate('waitress-like/io@10 rps >= 45'), { report: report(noisy) });
    assert.equal(result.verdict, 'inconclusive');
    assert.match(result.checks[0]!.reason, /too wide to decide/);
    const strict = judgeGates([gate('waitress-like/io@10 rps >= 45')], { report: report(noisy) }, { strict: true });
    assert.equal(strict.failed, true);
    assert.equal(judgeGates([gate('waitress-like/io@10 rps >= 45')], { report: report(noisy) }, { strict: false }).failed, false);
  });

  it('counts are exact, over every cell a wildcard matches', () => {
    const clean = completedCell('waitress-like', 'health', 10, { errors: 0 });
    const broken = completedCell('waitress-like', 'io', 100, { errors: 7 });
    const result = judgeGate(gate('*/*@* errors == 0'), { report: report(clean, broken) });
    assert.equal(result.verdict, 'fail');
    assert.deepEqual(result.checks.map((check) => [check.subject, check.verdict, check.interval]), [
      ['waitress-like/health@10', 'pass', null],
      ['waitress-like/io@100', 'fail', null],
    ]);
  });

  it('a failing figure from a generator-bound cell is inconclusive: it may be the generator, not the server', () => {
    const bound = { ...completedCell('waitress-like', 'health', 10, { rps: 3000 }), generatorBound: true, generatorBoundReason: 'autocannon at 95% of a core' };
    const result = judgeGate(gate('waitress-like/health@10 rps >= 5000'), { report: report(bound) });
    assert.equal(result.verdict, 'inconclusive');
    assert.match(result.checks[0]!.reason, /generator-bound/);
    assert.equal(judgeGate(gate('waitress-like/health@10 rps >= 1000'), { report: report(bound) }).verdict, 'pass');
  });

  it('a cell that was not measured fails its gates, with the error', () => {
    const profiles = [realResolved('waitress-like')];
    const failed = fakeReport({ profiles, results: [failedCell('waitress-like', 'io', 10)] });
    const result = judgeGate(gate('waitress-like/io@10 rps >= 30'), { report: failed });
    assert.equal(result.verdict, 'fail');
    assert.match(result.checks[0]!.reason, /port in use/);
  });

  it('latency of a cell with no 2xx answer fails rather than reading 0 ms', () => {
    const all503 = { ...completedCell('waitress-like', 'io', 10, { non2xx: 390 }), requests: 390 };
    assert.equal(judgeGate(gate('waitress-like/io@10 p99 < 50ms'), { report: report(all503) }).verdict, 'fail');
  });

  it('start-up reads the profile\'s launch', () => {
    const result = judgeGate(gate('waitress-like startup < 1s'), context);
    assert.equal(result.verdict, 'pass');
    assert.equal(result.checks[0]!.value, 250);
  });

  it('names a cell or claim the report lacks as bad input', () => {
    assert.throws(() => judgeGate(gate('waitress-like/health@10 rps > 1'), context), GateInputError);
    assert.throws(() => judgeGate(gate('flask-dev/*@* rps > 1'), context), /matches no cell/);
    assert.throws(() => judgeGate(gate('claim waitress.four-at-once == confirmed'), context), /not in the report/);
  });
});

describe('relative and baseline gates', () => {
  const dev = completedCell('flask-dev', 'health', 10, { rps: 1000 });
  const prod = completedCell('waitress-like', 'health', 10, { rps: 2500 });

  it('holds the ratio of the means, with its interval, against the factor', () => {
    const context = { report: report(dev, prod) };
    const pass = judgeGate(gate('waitress-like/health@10 rps >= 2x flask-dev/health@10'), context);
    assert.equal(pass.verdict, 'pass');
    assert.ok(Math.abs(pass.checks[0]!.value! - 2.5) < 0.01);
    assert.equal(pass.checks[0]!.sides!.referenceSubject, 'flask-dev/health@10');
    assert.equal(judgeGate(gate('waitress-like/health@10 rps >= 3x flask-dev/health@10'), context).verdict, 'fail');
    assert.equal(judgeGate(gate('waitress-like/*@* rps >= 2x flask-dev/*@*'), context).verdict, 'pass');
  });

  it('noise alone does not fail: a ratio just under the factor within a wide interval is inconclusive', () => {
    const noisyProd = withRepeats(prod, [1500, 1900, 2300]);
    const result = judgeGate(gate('waitress-like/health@10 rps >= 2x flask-dev/health@10'), { report: report(dev, noisyProd) });
    assert.equal(result.verdict, 'inconclusive');
    const [lo, hi] = result.checks[0]!.interval!;
    assert.ok(lo < 2 && hi > 2, `${lo}–${hi}`);
  });

  it('a report compared with itself passes every baseline gate', () => {
    const noisy = withRepeats(prod, [1500, 2500, 3500], [5, 20, 60]);
    const itself = report(dev, noisy);
    const gates = ['*/*@* rps >= 0.9x baseline', '*/*@* p99 <= 1.1x baseline', '*/*@* errors <= 1x baseline', '*/*@* rss <= 1x baseline', 'waitress-like startup <= 1x baseline'].map((line, i) => gate(line, `b${i}`));
    const outcome = judgeGates(gates, { report: itself, baseline: itself }, { strict: true });
    assert.deepEqual(outcome.tally, { pass: gates.length, fail: 0, inconclusive: 0, skipped: 0 });
    assert.equal(outcome.failed, false);
  });

  it('catches a regression beyond the noise, and skips what the baseline lacks', () => {
    const before = report(prod);
    const slower = completedCell('waitress-like', 'health', 10, { rps: 1200 });
    const extra = completedCell('waitress-like', 'io', 10, { rps: 39 });
    const result = judgeGate(gate('*/*@* rps >= 0.9x baseline'), { report: report(slower, extra), baseline: before });
    assert.equal(result.verdict, 'fail');
    assert.deepEqual(result.checks.map((check) => check.verdict), ['fail', 'skipped']);
    assert.match(result.checks[1]!.reason, /not in the baseline/);
  });

  it('a baseline gate without --baseline is skipped, and does not fail the build, even if it matches no cell', () => {
    const outcome = judgeGates([gate('*/*@* rps >= 0.9x baseline'), gate('*/cpu@* rps >= 0.9x baseline', 'h')], { report: report(prod) }, { strict: true });
    assert.deepEqual(outcome.gates.map((result) => result.verdict), ['skipped', 'skipped']);
    assert.equal(outcome.failed, false);
  });

  it('a dead server fails against a baseline that answered: 0 in every repeat is exactly 0×', () => {
    const dead = withRepeats(prod, [0, 0, 0]);
    const result = judgeGate(gate('waitress-like/health@10 rps >= 0.9x baseline'), { report: report(dead), baseline: report(prod) });
    assert.equal(result.verdict, 'fail', result.checks[0]!.reason);
    assert.equal(result.checks[0]!.value, 0);
  });

  it('with one repeat a side there is no interval: the ratio passes if it meets the bound, else is inconclusive', () => {
    const single = withRepeats(prod, [2500]);
    const itself = report(single);
    assert.equal(judgeGate(gate('*/*@* rps >= 0.9x baseline'), { report: itself, baseline: itself }).verdict, 'pass');
    const lower = report(withRepeats(prod, [1000]));
    const result = judgeGate(gate('*/*@* rps >= 0.9x baseline'), { report: lower, baseline: itself });
    assert.equal(result.verdict, 'inconclusive');
    assert.match(result.checks[0]!.reason, /at least 2 repeats/);
  });

  it('a cell the baseline did not measure is skipped: the baseline\'s failure is not this build\'s', () => {
    const baseline = fakeReport({ profiles: [realResolved('waitress-like')], results: [failedCell('waitress-like', 'health', 10)], scenarios: ['health'] });
    const result = judgeGate(gate('*/*@* rps >= 0.9x baseline'), { report: report(prod), baseline });
    assert.equal(result.verdict, 'skipped');
    assert.match(result.checks[0]!.reason, /baseline did not measure/);
  });

  it('start-up against a baseline is one launch a side: slower is inconclusive, never a failure', () => {
    const before = report(prod);
    const after = { ...report(prod), profiles: before.profiles.map((p) => ({ ...p, startupMs: 400 })) };
    assert.equal(judgeGate(gate('waitress-like startup <= 1x baseline'), { report: after, baseline: before }).verdict, 'inconclusive');
  });

  it('names a bound\'s profile the report lacks as bad input', () => {
    assert.throws(() => judgeGate(gate('waitress-like/*@* rps >= 1x flsk-dev/*@*'), { report: report(prod) }), /profile flsk-dev is not in the report/);
  });
});

describe('claim gates', () => {
  const row = (verdict: ClaimRow['verdict']): ClaimRow => ({ id: 'waitress.four-at-once', document: '000', claim: 'four at once', claimed: '4', check: null, measured: 3.9, unit: '', ratio: 0.97, verdict, reason: 'because', reading: '', evidence: [], note: null });
  const withClaim = (verdict: ClaimRow['verdict']): Report => ({ ...report(completedCell('waitress-like', 'io', 10)), claims: [row(verdict)] });

  it('passes on the verdict asked for, fails on the opposite one, is inconclusive when the claim could not be judged', () => {
    const line = gate('claim waitress.four-at-once == confirmed');
    assert.equal(judgeGate(line, { report: withClaim('confirmed') }).verdict, 'pass');
    assert.equal(judgeGate(line, { report: withClaim('refuted') }).verdict, 'fail');
    assert.equal(judgeGate(line, { report: withClaim('inconclusive') }).verdict, 'inconclusive');
    assert.equal(judgeGate(gate('claim waitress.four-at-once != refuted'), { report: withClaim('confirmed') }).verdict, 'pass');
  });
});
