// What a fresh gate run measures: the cells the gates name, what their claims need, the baseline's cells a
// wildcard baseline gate matches; and bad names found before anything runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGateNames, GatePlanError, planGates } from '../../harness/core/gate-plan.js';
import { parseGateExpression, type Gate } from '../../harness/core/gate-grammar.js';
import { loadLedgers } from '../../harness/profiles/load-ledgers.js';
import { CLAIMS_DIR } from '../../harness/paths.js';
import { completedCell, fakeReportWith } from '../fixtures/fake-report.js';
import { realCatalog } from '../fixtures/real-profiles.js';

const gates = (...lines: string[]): Gate[] => lines.map((line, i) => ({ name: `g${i}`, line, expression: parseGateExpression(line) }));
const ledger = () => loadLedgers(CLAIMS_DIR, realCatalog());
const cellsOf = (plan: ReturnType<typeof planGates>) => Object.fromEntries(plan.profiles.map((entry) => [entry.profile.name, entry.cells.map((cell) => cell.id)]));

describe('planGates', () => {
  it('measures each named cell once, both sides of a relative gate, and no counterpart besides', () => {
    const plan = planGates(
      gates('waitress-like/health@10 p99 < 50ms', 'waitress-like/health@10 rps >= 2x flask-dev/health@10', '*/*@* errors == 0', 'waitress-like/io@10 rps >= 30'),
      realCatalog(),
      ledger(),
      { cores: 2, quick: true },
    );
    assert.deepEqual(cellsOf(plan), { 'waitress-like': ['waitress-like/health@10', 'waitress-like/io@10'], 'flask-dev': ['flask-dev/health@10'] });
    assert.deepEqual(plan.claims, []);
  });

  it('runs what a claim gate needs, sharing the cell another gate names', () => {
    const plan = planGates(gates('claim waitress.four-at-once == confirmed', 'waitress-like/io@10 rps >= 30'), realCatalog(), ledger(), { cores: 2, quick: true });
    assert.deepEqual(cellsOf(plan), { 'waitress-like': ['waitress-like/io@10'] });
    assert.deepEqual(plan.claims.map((claim) => claim.id), ['waitress.four-at-once']);
  });

  it('a wildcard gate against a baseline measures the baseline\'s cells it matches', () => {
    const baseline = fakeReportWith([completedCell('waitress-like', 'io', 10), completedCell('waitress-like', 'health', 100), completedCell('flask-dev', 'io', 10)]);
    const plan = planGates(gates('waitress-like/*@* rps >= 0.9x baseline'), realCatalog(), ledger(), { cores: 2, quick: true, baseline });
    assert.deepEqual(cellsOf(plan), { 'waitress-like': ['waitress-like/io@10', 'waitress-like/health@100'] });
  });

  it('measures the other side of a relative gate whose bound has a "*", for each cell its left side matches', () => {
    const plan = planGates(gates('waitress-like/io@10 rps >= 30', 'waitress-like/health@10 p99 < 50ms', 'waitress-like/*@* rps >= 1x flask-dev/*@*'), realCatalog(), ledger(), { cores: 2, quick: true });
    assert.deepEqual(cellsOf(plan), { 'waitress-like': ['waitress-like/io@10', 'waitress-like/health@10'], 'flask-dev': ['flask-dev/io@10', 'flask-dev/health@10'] });
  });

  it('launches a profile named only for its start-up', () => {
    const plan = planGates(gates('uvicorn startup < 3s'), realCatalog(), ledger(), { cores: 2, quick: true });
    assert.deepEqual(plan.profiles.map((entry) => [entry.profile.name, entry.cells.length, entry.probes]), [['uvicorn', 0, [{ kind: 'startup', launches: 1 }]]]);
  });

  it('refuses gates that name nothing to measure', () => {
    assert.throws(() => planGates(gates('*/*@* errors == 0'), realCatalog(), ledger(), { cores: 2, quick: true }), (error: unknown) => error instanceof GatePlanError && /name no cell to measure/.test(error.message));
  });
});

describe('checkGateNames', () => {
  const ids = new Set(ledger().map((claim) => claim.id));
  it('names an unknown profile, scenario or claim', () => {
    assert.throws(() => checkGateNames(gates('nosuch/health@10 rps > 1'), realCatalog(), ids), /unknown profile "nosuch"/);
    assert.throws(() => checkGateNames(gates('waitress-like/health@10 rps > 1x flask-dev/fast@10'), realCatalog(), ids), /unknown scenario "fast"/);
    assert.throws(() => checkGateNames(gates('claim waitress.five-at-once == confirmed'), realCatalog(), ids), /unknown claim "waitress.five-at-once"/);
    assert.doesNotThrow(() => checkGateNames(gates('*/io@10 rps > 1', 'claim waitress.four-at-once == confirmed'), realCatalog(), ids));
  });
});
