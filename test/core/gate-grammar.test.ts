// The gate grammar: the README's examples parse to what they say; a malformed line names what is wrong.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GateSyntaxError, matchesCell, parseGateExpression, resolveAgainst } from '../../harness/core/gate-grammar.js';

describe('gate grammar', () => {
  it('parses absolute gates with units', () => {
    assert.deepEqual(parseGateExpression('waitress-like/health@10 p99 < 50ms'), {
      kind: 'metric',
      cells: { profile: 'waitress-like', scenario: 'health', connections: 10 },
      metric: 'p99',
      op: '<',
      bound: { kind: 'absolute', value: 50 },
    });
    assert.deepEqual(parseGateExpression('waitress-like/io@10 rps >= 30'), {
      kind: 'metric',
      cells: { profile: 'waitress-like', scenario: 'io', connections: 10 },
      metric: 'rps',
      op: '>=',
      bound: { kind: 'absolute', value: 30 },
    });
    const seconds = parseGateExpression('uvicorn startup<=2.5s');
    assert.ok(seconds.kind === 'metric' && seconds.bound.kind === 'absolute' && seconds.bound.value === 2500);
    assert.deepEqual(seconds.kind === 'metric' && seconds.cells, { profile: 'uvicorn', scenario: null, connections: null });
    const memory = parseGateExpression('gunicorn-sync/health@10 rss < 200MiB');
    assert.ok(memory.kind === 'metric' && memory.bound.kind === 'absolute' && memory.bound.value === 200 * 1024 * 1024);
  });

  it('parses wildcards, relative and baseline bounds, and claims', () => {
    const errors = parseGateExpression('*/*@* errors == 0');
    assert.deepEqual(errors.kind === 'metric' && errors.cells, { profile: null, scenario: null, connections: null });
    const relative = parseGateExpression('waitress-like/health@10 rps >= 2x flask-dev/health@10');
    assert.deepEqual(relative.kind === 'metric' && relative.bound, { kind: 'relative', factor: 2, cells: { profile: 'flask-dev', scenario: 'health', connections: 10 } });
    const baseline = parseGateExpression('gunicorn-sync/health@10 rps >= 0.9x baseline');
    assert.deepEqual(baseline.kind === 'metric' && baseline.bound, { kind: 'baseline', factor: 0.9 });
    assert.deepEqual(parseGateExpression('claim waitress.four-at-once == confirmed'), { kind: 'claim', claim: 'waitress.four-at-once', op: '==', verdict: 'confirmed' });
  });

  it('matches cells, and resolves a relative bound\'s "*" from the left cell', () => {
    const cell = { profile: 'waitress-like', scenario: 'io', connections: 10 };
    assert.ok(matchesCell({ profile: null, scenario: 'io', connections: null }, cell));
    assert.ok(!matchesCell({ profile: null, scenario: 'io', connections: 100 }, cell));
    assert.deepEqual(resolveAgainst({ profile: 'flask-dev', scenario: null, connections: null }, cell), { profile: 'flask-dev', scenario: 'io', connections: 10 });
  });

  const bad: readonly (readonly [string, RegExp])[] = [
    ['', /empty/],
    ['waitress-like/health@10 speed > 1', /"speed" is not a metric/],
    ['waitress-like/health@10 p99 ~ 50ms', /"~" is not an operator/],
    ['waitress-like/health@10 rps => 3', /"=>" is not an operator/],
    ['waitress-like/health@10 p99 <', /bound is missing/],
    ['waitress-like/health@ten p99 < 5ms', /"ten" .* is not a connection count/],
    ['waitress-like/health@10 p99 < 50 parsecs', /unexpected "parsecs"/],
    ['waitress-like/health@10 p99 < 50kg', /"kg" is not a unit of time/],
    ['waitress-like/health@10 rss < 200', /rss needs a unit of memory/],
    ['waitress-like/health@10 errors == 0ms', /errors is a count/],
    ['waitress-like/health@10 rps >= 2x', /expected "baseline" or a cell/],
    ['waitress-like/health@10 rps >= 2x flask-dev/health', /not a cell/],
    ['claim waitress.four-at-once >= confirmed', /compares with == or !=/],
    ['claim waitress.four-at-once == maybe', /"maybe" is not a verdict/],
  ];
  for (const [line, message] of bad) {
    it(`rejects ${JSON.stringify(line)}`, () => {
      assert.throws(() => parseGateExpression(line), (error: unknown) => error instanceof GateSyntaxError && message.test(error.message));
    });
  }
});
