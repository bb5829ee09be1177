import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Claim } from '../../harness/core/claims-schema.js';
import { judgeClaim, type ClaimEvidence } from '../../harness/core/claim-verdict.js';

const claim = (overrides: Partial<Claim> = {}): Claim => ({
  id: 'waitress.four-at-once',
  claim: 'four at once',
  quote: 'threads=4',
  claimed: '4 requests at once',
  reading: 'concurrency on /io at 10 connections',
  test: { shape: 'cell', cell: { profile: 'waitress-like', scenario: 'io', connections: 10 }, metric: 'concurrency' },
  check: { expect: 'about', value: 4, tolerance: 0.1 },
  unit: 'requests at once',
  ...overrides,
});

const evidence = (value: number, range: [number, number] | null = null, extra: Partial<ClaimEvidence> = {}): ClaimEvidence => ({ value, range, sources: ['waitress-like/io@10'], doubts: [], ...extra });
const machine = { cores: 2 };

describe('judgeClaim', () => {
  it('confirms a claim whose check holds over every repeat, with the ratio measured ÷ claimed', () => {
    const judged = judgeClaim(claim(), evidence(3.96, [3.9, 4.0]), machine);
    assert.equal(judged.verdict, 'confirmed');
    assert.ok(Math.abs(judged.ratio! - 0.99) < 1e-9);
    assert.equal(judged.reason, 'measured 3.96 requests at once (3.90–4.00 over the repeats); claimed 4.00 requests at once ± 10%');
  });

  it('refutes a claim whose check fails over every repeat', () => {
    const judged = judgeClaim(claim({ check: { expect: 'at-most', value: 1.5 } }), evidence(9.8, [9.6, 9.9]), machine);
    assert.equal(judged.verdict, 'refuted');
    assert.match(judged.reason, /^measured 9\.80 .*claimed at most 1\.50 requests at once$/);
  });

  it("takes the ratio to the document's figure where the check's threshold leaves a margin", () => {
    const judged = judgeClaim(claim({ check: { expect: 'at-most', value: 1.5, figure: 1 } }), evidence(9.8, [9.6, 9.9]), machine);
    assert.equal(judged.verdict, 'refuted');
    assert.ok(Math.abs(judged.ratio! - 9.8) < 1e-9, `ratio ${judged.ratio}`);
    assert.ok(Math.abs(judgeClaim(claim({ check: { expect: 'at-most', value: 1.5 } }), evidence(9.8), machine).ratio! - 9.8 / 1.5) < 1e-9);
  });

  it('is inconclusive when the repeats fall on both sides of the claimed figure', () => {
    const judged = judgeClaim(claim({ check: { expect: 'at-least', value: 1000 }, unit: 'req/s' }), evidence(1010, [950, 1080]), machine);
    assert.equal(judged.verdict, 'inconclusive');
    assert.match(judged.reason, /the repeats fall on both sides of at least 1,000 req\/s/);
  });

  it('never rests a verdict on a cell that cannot carry one', () => {
    const judged = judgeClaim(claim(), evidence(4, [4, 4], { doubts: ['waitress-like/io@10 was generator-bound: autocannon used 90% of a core'] }), machine);
    assert.equal(judged.verdict, 'inconclusive');
    assert.match(judged.reason, /generator-bound/);
    assert.equal(judged.measured, 4);
  });

  it('refutes a claim that allows no failures when requests failed, whatever the figure', () => {
    const judged = judgeClaim(claim({ check: { expect: 'at-most', value: 5000 }, unit: 'ms', maxFailedShare: 0 }), evidence(800, [700, 900], { failedShare: 0.02 }), machine);
    assert.equal(judged.verdict, 'refuted');
    assert.match(judged.reason, /2\.0% of requests failed; the claim allows 0%/);
  });

  it('marks a claim made for other hardware, and an unmeasurable one, inconclusive with the reason', () => {
    assert.match(judgeClaim(claim({ forCores: 4 }), evidence(4), machine).reason, /made for 4 cores; this machine has 2/);
    const unmeasured = judgeClaim(claim({ test: { shape: 'unmeasured', reason: 'WebSockets are not measured' } }), null, machine);
    assert.equal(unmeasured.verdict, 'inconclusive');
    assert.match(unmeasured.reason, /WebSockets/);
    assert.equal(judgeClaim(claim(), { missing: 'waitress-like did not start' }, machine).reason, 'waitress-like did not start');
  });

  it('takes the middle of a "between" as the claimed figure for the ratio', () => {
    const judged = judgeClaim(claim({ check: { expect: 'between', min: 100, max: 200 }, unit: 'req/s' }), evidence(1500, [1400, 1600]), machine);
    assert.equal(judged.verdict, 'refuted');
    assert.equal(judged.ratio, 10);
  });
});

describe('judgeClaim on a generator-bound figure (a floor of the server’s)', () => {
  const floor = (value: number, range: [number, number]): ClaimEvidence => ({ ...evidence(value, range), floor: 'flask-dev/health@10 was generator-bound' });

  it('refutes "about 10–20 req/s" when even the floor is above it', () => {
    const judged = judgeClaim(claim({ check: { expect: 'between', min: 10, max: 20 }, unit: 'req/s' }), floor(1410, [1273, 1418]), machine);
    assert.equal(judged.verdict, 'refuted');
    assert.match(judged.reason, /a floor, already above 10\.0–20\.0 req\/s \(flask-dev\/health@10 was generator-bound\)/);
  });

  it('confirms "at least 1,000 req/s" when the floor reaches it, and cannot judge an "at most" it passes', () => {
    assert.equal(judgeClaim(claim({ check: { expect: 'at-least', value: 1000 }, unit: 'req/s' }), floor(1200, [1100, 1300]), machine).verdict, 'confirmed');
    const below = judgeClaim(claim({ check: { expect: 'at-most', value: 2000 }, unit: 'req/s' }), floor(1200, [1100, 1300]), machine);
    assert.equal(below.verdict, 'inconclusive');
    assert.match(below.reason, /generator-bound/);
  });
});
