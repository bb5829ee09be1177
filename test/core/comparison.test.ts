import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildComparisons, errorRate } from '../../harness/core/comparison.js';
import { completedCell, failedCell } from '../fixtures/fake-report.js';
import { FLASK_DEV, GUNICORN_SYNC_SCALED, GUNICORN_UVICORN, resolved, UVICORN_DEV, WAITRESS_LIKE } from '../fixtures/fake-profiles.js';

const PROFILES = [FLASK_DEV, WAITRESS_LIKE, GUNICORN_SYNC_SCALED].map((profile) => resolved(profile));

describe('buildComparisons', () => {
  it('pairs a production cell with the same scenario and connections on its counterpart', () => {
    const comparisons = buildComparisons(PROFILES, [
      completedCell('flask-dev', 'io', 10, { rps: 50, p99Ms: 400 }),
      completedCell('flask-dev', 'io', 50, { rps: 60, p99Ms: 900 }),
      completedCell('waitress-like', 'io', 10, { rps: 150, p99Ms: 200 }),
    ]);
    assert.equal(comparisons.length, 1);
    const [comparison] = comparisons;
    assert.deepEqual(
      { profile: comparison!.profile, counterpart: comparison!.counterpart, scenario: comparison!.scenario, connections: comparison!.connections },
      { profile: 'waitress-like', counterpart: 'flask-dev', scenario: 'io', connections: 10 },
    );
    assert.deepEqual(comparison!.rps, { profile: 150, counterpart: 50, ratio: 3 });
    assert.deepEqual(comparison!.latencyP99Ms, { profile: 200, counterpart: 400, ratio: 0.5 });
  });

  it('compares every production profile that shares a counterpart', () => {
    const comparisons = buildComparisons(PROFILES, [
      completedCell('flask-dev', 'cpu', 10, { rps: 100 }),
      completedCell('waitress-like', 'cpu', 10, { rps: 120 }),
      completedCell('gunicorn-sync-scaled', 'cpu', 10, { rps: 250 }),
    ]);
    assert.deepEqual(comparisons.map((c) => [c.profile, c.rps.ratio]), [['waitress-like', 1.2], ['gunicorn-sync-scaled', 2.5]]);
  });

  it('gives a null ratio when the counterpart measured 0', () => {
    const [comparison] = buildComparisons(PROFILES, [completedCell('flask-dev', 'io', 10, { rps: 0 }), completedCell('waitress-like', 'io', 10, { rps: 80 })]);
    assert.equal(comparison!.rps.ratio, null);
    assert.equal(comparison!.errorRate.ratio, null, 'neither had errors, so the error-rate ratio has no meaning');
  });

  it('skips a cell when the production cell or its counterpart failed', () => {
    const comparisons = buildComparisons(PROFILES, [
      failedCell('flask-dev', 'io', 10),
      completedCell('waitress-like', 'io', 10),
      completedCell('flask-dev', 'io', 50),
      failedCell('waitress-like', 'io', 50),
    ]);
    assert.deepEqual(comparisons, []);
  });

  it('skips a cell its counterpart did not run', () => {
    assert.deepEqual(buildComparisons(PROFILES, [completedCell('flask-dev', 'io', 10), completedCell('waitress-like', 'io', 100)]), []);
  });

  it('makes nothing of dev profiles alone', () => {
    assert.deepEqual(buildComparisons([resolved(FLASK_DEV), resolved(UVICORN_DEV)], [completedCell('flask-dev', 'io', 10), completedCell('uvicorn-dev', 'io', 10)]), []);
  });

  it('compares each production profile with its own counterpart only', () => {
    const profiles = [UVICORN_DEV, GUNICORN_UVICORN, FLASK_DEV, WAITRESS_LIKE].map((profile) => resolved(profile));
    const comparisons = buildComparisons(profiles, [
      completedCell('uvicorn-dev', 'io', 10, { rps: 40 }),
      completedCell('gunicorn-uvicorn', 'io', 10, { rps: 200 }),
      completedCell('flask-dev', 'io', 10, { rps: 100 }),
      completedCell('waitress-like', 'io', 10, { rps: 100 }),
    ]);
    assert.deepEqual(comparisons.map((c) => [c.profile, c.counterpart, c.rps.ratio]), [['gunicorn-uvicorn', 'uvicorn-dev', 5], ['waitress-like', 'flask-dev', 1]]);
  });
});

describe('errorRate', () => {
  it('counts connection errors and non-2xx answers among all requests attempted', () => {
    // 1000 responses (10 of them non-2xx) and 10 connection errors: 20 failures in 1010 attempts.
    assert.equal(errorRate(completedCell('waitress-like', 'io', 10, { rps: 100, errors: 10, non2xx: 10 })), 20 / 1010);
  });

  it('is 0 when nothing was attempted', () => {
    assert.equal(errorRate(completedCell('waitress-like', 'io', 10, { rps: 0 })), 0);
  });
});
