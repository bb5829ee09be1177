import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, selectProfiles } from '../../harness/core/plan.js';
import { buildScenarios } from '../../harness/core/scenarios.js';
import { fakeCatalog, FLASK_DEV, resolved, WAITRESS_LIKE } from '../fixtures/fake-profiles.js';

const namesOf = (profiles: readonly { readonly name: string }[]): string[] => profiles.map((profile) => profile.name);

describe('selectProfiles', () => {
  it('puts the dev-mode counterpart before the production profile asked for', () => {
    assert.deepEqual(namesOf(selectProfiles(['waitress-like'], fakeCatalog(), true)), ['flask-dev', 'waitress-like']);
  });

  it('runs a counterpart shared by two production profiles once', () => {
    assert.deepEqual(namesOf(selectProfiles(['waitress-like', 'gunicorn-sync-scaled'], fakeCatalog(), true)), ['flask-dev', 'waitress-like', 'gunicorn-sync-scaled']);
  });

  it('runs a counterpart once when it is also asked for by name', () => {
    assert.deepEqual(namesOf(selectProfiles(['waitress-like', 'flask-dev'], fakeCatalog(), true)), ['flask-dev', 'waitress-like']);
  });

  it('gives each production profile its own counterpart', () => {
    assert.deepEqual(namesOf(selectProfiles(['gunicorn-uvicorn', 'waitress-like'], fakeCatalog(), true)), ['uvicorn-dev', 'gunicorn-uvicorn', 'flask-dev', 'waitress-like']);
  });

  it('keeps only the profiles asked for, in their order, when counterparts are off', () => {
    assert.deepEqual(namesOf(selectProfiles(['gunicorn-uvicorn', 'waitress-like'], fakeCatalog(), false)), ['gunicorn-uvicorn', 'waitress-like']);
  });

  it('throws on an unknown profile, naming it', () => {
    assert.throws(() => selectProfiles(['waitress-like', 'nginx'], fakeCatalog(), true), /unknown profile "nginx"/);
  });
});

describe('buildPlan', () => {
  const plan = buildPlan({
    profiles: [resolved(FLASK_DEV), resolved(WAITRESS_LIKE)],
    scenarios: buildScenarios(['health', 'io']),
    connections: [10, 50, 100],
    durationSec: 10,
    repeats: 3,
    warmupSec: 2,
  });

  it('makes one cell per profile × scenario × connections', () => {
    assert.equal(plan.totalCells, 2 * 2 * 3);
    assert.equal(plan.profiles.flatMap((entry) => entry.cells).length, plan.totalCells);
  });

  it('names each cell "profile/scenario@connections"', () => {
    const waitress = plan.profiles[1]!;
    assert.equal(waitress.profile.name, 'waitress-like');
    assert.deepEqual(waitress.cells.map((cell) => cell.id), [
      'waitress-like/health@10', 'waitress-like/health@50', 'waitress-like/health@100',
      'waitress-like/io@10', 'waitress-like/io@50', 'waitress-like/io@100',
    ]);
    assert.deepEqual(waitress.cells[3], { id: 'waitress-like/io@10', profile: 'waitress-like', scenario: 'io', connections: 10 });
  });

  it('keeps the profiles in the order given', () => {
    assert.deepEqual(plan.profiles.map((entry) => entry.profile.name), ['flask-dev', 'waitress-like']);
  });

  it('carries the timing and the connection counts', () => {
    assert.equal(plan.durationSec, 10);
    assert.equal(plan.warmupSec, 2);
    assert.deepEqual(plan.connections, [10, 50, 100]);
  });

  it('has no cells when no scenario is asked for', () => {
    assert.equal(buildPlan({ profiles: [resolved(FLASK_DEV)], scenarios: [], connections: [10], durationSec: 1, warmupSec: 0, repeats: 1 }).totalCells, 0);
  });
});
