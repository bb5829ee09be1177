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
    const result = closedLoopRps(connections, total(connections), { startMs: 0, endMs: 2950 });
    assert.equal(result.method, 'per-connection');
    assert.ok(Math.abs(result.rps - 100) < 1e-9, `${result.rps}`);
  });

  it('reads the pace of a queue, where each connection first answers at a different time', () => {
    // 100 connections, 4 workers, 100 ms each: a connection answers every 2.5 s, the first ones sooner.
    const connections = Array.from({ length: 100 }, (_, i) => pace(100 * (Math.floor(i / 4) + 1), 2500, 30_000));
    const result = closedLoopRps(connections, total(connections), { startMs: 0, endMs: 30_000 });
    assert.equal(result.method, 'per-connection');
    assert.ok(Math.abs(result.rps - 40) < 1e-9, `${result.rps}`);
  });

  it('leaves out connections that never answered (a server that does not accept them)', () => {
    const connections = [...Array.from({ length: 98 }, () => pace(10, 10, 3000)), { answers: 0, firstMs: 0, lastMs: 0 }, { answers: 0, firstMs: 0, lastMs: 0 }];
    assert.ok(Math.abs(closedLoopRps(connections, total(connections), { startMs: 0, endMs: 3000 }).rps - 9800) < 1e-6);
  });

  it('counts answers ÷ window for a connection with fewer than two answers, the others at their pace', () => {
    // One late single answer among 19 steady connections (5%): the rest keep their pace.
    const connections = [...Array.from({ length: 19 }, () => pace(100, 100, 3000)), { answers: 1, firstMs: 2500, lastMs: 2500 }];
    const result = closedLoopRps(connections, total(connections), { startMs: 0, endMs: 3000 });
    assert.equal(result.method, 'mixed');
    assert.ok(Math.abs(result.rps - (190 + 1 / 3)) < 1e-9, `${result.rps}`);
  });

  it('counts answers ÷ window when the queue is deeper than the window (many connections with one answer)', () => {
    // flask-dev-single/analysis@100: one thread, 200 ms a request, 100 connections from quiet, a 30 s window.
    // Answers leave the server every 200 ms, in the order the requests queued: connection i first at 0.2·i s,
    // again 20 s later if that fits. 150 answers in 30 s: 5 req/s. By the connections' paces it read 4.17.
    const connections = Array.from({ length: 100 }, (_, i) => pace(200 * (i + 1), 20_000, 30_000));
    assert.equal(connections.filter((c) => c.answers === 1).length, 50);
    const result = closedLoopRps(connections, total(connections), { startMs: 0, endMs: 30_000 });
    assert.equal(result.method, 'window');
    assert.ok(Math.abs(result.rps - 5) < 1e-9, `${result.rps}`);
  });

  it('counts answers ÷ window for a connection that stopped answering partway, not its pace over a short span', () => {
    // gunicorn-uvicorn/health@10: workers recycled under load; a connection answered fast for 0.4 s of a 2 s
    // window, then its reconnections failed. At its pace it would add 1,000 req/s; it answered 400 times in 2 s.
    const stopped = { answers: 401, firstMs: 1, lastMs: 401 };
    const steady = pace(1, 1, 2000);
    const result = closedLoopRps([stopped, steady], stopped.answers + steady.answers, { startMs: 0, endMs: 2000 });
    assert.equal(result.method, 'mixed');
    assert.ok(Math.abs(result.rps - (1000 + 401 / 2)) < 1e-9, `${result.rps}`);
    // The same for a connection that started answering late.
    assert.equal(closedLoopRps([{ answers: 401, firstMs: 1599, lastMs: 1999 }], 401, { startMs: 0, endMs: 2000 }).method, 'window');
  });

  it('is 0 with no answers at all', () => {
    assert.deepEqual(closedLoopRps([], 0, { startMs: 0, endMs: 3000 }), { rps: 0, method: 'window' });
  });
});
