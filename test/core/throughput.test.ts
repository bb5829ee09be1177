import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closedLoopRps, type ConnectionPace } from '../../harness/core/throughput.js';

/** A connection answered every `cycleMs`, first at `firstMs`, for as many answers as fit before `windowMs`. */
const pace = (firstMs: number, cycleMs: number, windowMs: number): ConnectionPace => {
  const answers = Math.floor((windowMs - firstMs) / cycleMs) + 1;
  return { answers, firstMs, lastMs: firstMs + (answers - 1) * cycleMs };
};
const total = (connections: readonly ConnectionPace[]): number => connections.reduce((sum, c) => sum + c.answers, 0);

describe('closedLoopRps', () => {
  it('reads the pace of connections in step, where answers ÷ window reads low', () => {
    // Ten connections, 100 ms handler, all from t = 0, 2.95 s window: 29 answers each.
    const connections = Array.from({ length: 10 }, () => pace(100, 100, 2950));
    assert.equal(total(connections) / 2.95, 290 / 2.95); // 98.3, and 96.7 in a 3 s window cut just before the 30th
    const result = closedLoopRps(connections, total(connections), 2.95);
    assert.equal(result.method, 'per-connection');
    assert.ok(Math.abs(result.rps - 100) < 1e-9, `${result.rps}`);
  });

  it('reads the pace of a queue, where each connection first answers at a different time', () => {
    // 100 connections, 4 workers, 100 ms each: a connection answers every 2.5 s, the first ones sooner.
    const connections = Array.from({ length: 100 }, (_, i) => pace(100 * (Math.floor(i / 4) + 1), 2500, 30_000));
    const result = closedLoopRps(connections, total(connections), 30);
    assert.equal(result.method, 'per-connection');
    assert.ok(Math.abs(result.rps - 40) < 1e-9, `${result.rps}`);
  });

  it('leaves out connections that never answered (a server that does not accept them)', () => {
    const connections = [...Array.from({ length: 98 }, () => pace(10, 10, 3000)), { answers: 0, firstMs: 0, lastMs: 0 }, { answers: 0, firstMs: 0, lastMs: 0 }];
    assert.ok(Math.abs(closedLoopRps(connections, total(connections), 3).rps - 9800) < 1e-6);
  });

  it('falls back to answers ÷ window when a connection has fewer than two answers', () => {
    const connections = [pace(100, 100, 3000), { answers: 1, firstMs: 2500, lastMs: 2500 }];
    const result = closedLoopRps(connections, 31, 3);
    assert.deepEqual(result, { rps: 31 / 3, method: 'window' });
  });

  it('is 0 with no answers at all', () => {
    assert.deepEqual(closedLoopRps([], 0, 3), { rps: 0, method: 'window' });
  });
});
