import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boundCell, checkBound, concurrencyOf, drainTimeMs, MAX_REQUEST_TIMEOUT_SEC, MAX_WINDOW_SEC, requestTimeoutSec, windowSec, type CellBound } from '../../harness/core/bounds.js';
import { buildScenario } from '../../harness/core/scenarios.js';
import { realResolved } from '../fixtures/real-profiles.js';

// Every profile as profiles/ ships it, resolved on a 2-core machine.
const io = buildScenario('io');
const cpu = buildScenario('cpu');
const health = buildScenario('health');

describe('concurrencyOf', () => {
  it('counts the threads of a Waitress server', () => {
    assert.deepEqual(concurrencyOf(realResolved('waitress-like')), { slots: 4, what: '4 threads' });
  });

  it('sees no limit in a threaded Flask dev server, and one request at a time in an unthreaded one', () => {
    assert.equal(concurrencyOf(realResolved('flask-dev')).slots, null);
    assert.equal(concurrencyOf(realResolved('flask-dev-single')).slots, 1);
  });

  it('multiplies gunicorn workers by their threads or connections', () => {
    assert.equal(concurrencyOf(realResolved('gunicorn-sync')).slots, 1);
    assert.equal(concurrencyOf(realResolved('gunicorn-sync-scaled')).slots, 5, '(2 × 2 cores) + 1 sync workers');
    assert.equal(concurrencyOf(realResolved('gunicorn-gthread')).slots, 8);
    assert.equal(concurrencyOf(realResolved('gunicorn-gevent')).slots, 1000);
  });

  it('sees no limit in async workers', () => {
    assert.equal(concurrencyOf(realResolved('uvicorn')).slots, null);
    assert.equal(concurrencyOf(realResolved('gunicorn-uvicorn')).slots, null);
  });

  it('lets the DXF app’s admission limit of 6 bound a server that has none', () => {
    assert.deepEqual(concurrencyOf(realResolved('dxf-limited')), { slots: 6, what: 'the admission limit of 6 active requests' });
  });
});

describe('boundCell', () => {
  const maxRps = (profile: string, scenario = io, connections = 10): number | null => boundCell(realResolved(profile), scenario, connections).maxRps;

  it('bounds waitress-like io@10 at 40 req/s: 4 threads ÷ 100 ms', () => {
    const bound = boundCell(realResolved('waitress-like'), io, 10);
    assert.equal(bound.maxRps, 40);
    assert.match(bound.reason, /4 threads ÷ 100 ms/);
  });

  it('bounds threaded flask-dev io@10 by its 10 connections: 100 req/s', () => {
    const bound = boundCell(realResolved('flask-dev'), io, 10);
    assert.equal(bound.maxRps, 100);
    assert.match(bound.reason, /10 connections/);
  });

  it('bounds flask-dev-single io@10 at 10 req/s: one request at a time', () => {
    assert.equal(maxRps('flask-dev-single'), 10);
  });

  it('bounds gunicorn-sync io@4 at 10 req/s: one sync worker', () => {
    assert.equal(maxRps('gunicorn-sync', io, 4), 10);
  });

  it('bounds gunicorn-gthread io@10 at 80 req/s: 2 workers × 4 threads', () => {
    assert.equal(maxRps('gunicorn-gthread'), 80);
  });

  it('bounds dxf-limited io@10 at 60 req/s: the admission limit of 6', () => {
    assert.equal(maxRps('dxf-limited'), 60);
  });

  it('bounds gunicorn-sync-scaled cpu@10 by the 2 cores: 200 req/s of 10 ms CPU', () => {
    const bound = boundCell(realResolved('gunicorn-sync-scaled'), cpu, 10);
    assert.equal(bound.maxRps, 200);
    assert.match(bound.reason, /2 core\(s\)/);
  });

  it('bounds flask-dev cpu@10 by one core, whatever the machine has: the GIL, one process', () => {
    assert.equal(maxRps('flask-dev', cpu), 100);
    assert.equal(boundCell(realResolved('flask-dev', 8), cpu, 10).maxRps, 100, 'more cores do not help one process');
  });

  it('leaves health unbounded but by the machine', () => {
    const bound = boundCell(realResolved('waitress-like'), health, 10);
    assert.deepEqual(bound, { maxRps: null, minLatencyMs: 0, reason: 'no bound but the machine', requestTimeoutSec: 10 });
  });

  it('puts the latency floor at the handler’s time: 100 ms for io, 10 ms for cpu', () => {
    assert.equal(boundCell(realResolved('waitress-like'), io, 10).minLatencyMs, 100);
    assert.equal(boundCell(realResolved('waitress-like'), cpu, 10).minLatencyMs, 10);
  });
});

describe('checkBound', () => {
  const bound: CellBound = { maxRps: 40, minLatencyMs: 100, reason: '4 threads ÷ 100 ms per request (Little\'s law)', requestTimeoutSec: 10 };

  it('accepts a measurement inside the bound', () => {
    assert.deepEqual(checkBound(bound, { okRps: 39.5, latencyMs: { min: 100.4 } }, 400), { violated: false, reason: null });
  });

  it('allows 5% over the throughput bound and 1 ms under the floor', () => {
    assert.equal(checkBound(bound, { okRps: 41.9, latencyMs: { min: 99.1 } }, 400).violated, false);
  });

  it('flags a throughput more than 5% above the bound, saying why', () => {
    const check = checkBound(bound, { okRps: 42.5, latencyMs: { min: 100 } }, 400);
    assert.equal(check.violated, true);
    assert.match(check.reason ?? '', /42\.5 successful req\/s is above the bound of 40\.0 \(4 threads/);
  });

  it('flags a response more than 1 ms faster than the handler’s floor', () => {
    const check = checkBound(bound, { okRps: 30, latencyMs: { min: 98.5 } }, 300);
    assert.equal(check.violated, true);
    assert.match(check.reason ?? '', /98\.5 ms, below the handler's floor of 100 ms/);
  });

  it('does not hold quick refusals against the bound: only successful answers ran the handler', () => {
    // dxf-limited at 100 connections: 6 run, 15 wait, the rest get a 503 at once.
    assert.equal(checkBound(bound, { okRps: 39, latencyMs: { min: 100.2 } }, 5000).violated, false);
  });

  it('does not judge the latency of a cell that got no response', () => {
    assert.equal(checkBound(bound, { okRps: 0, latencyMs: { min: 0 } }, 0).violated, false);
  });

  it('never flags the throughput of an unbounded cell', () => {
    assert.equal(checkBound({ maxRps: null, minLatencyMs: 0, reason: 'no bound but the machine', requestTimeoutSec: 10 }, { okRps: 1e6, latencyMs: { min: 0 } }, 1e7).violated, false);
  });
});

describe('drainTimeMs', () => {
  it('gives waitress-like io@10 300 ms: 10 requests, 4 at a time, 3 rounds of 100 ms', () => {
    assert.equal(drainTimeMs(realResolved('waitress-like'), io, 10), 300);
  });

  it('gives flask-dev-single analysis@10 10 s: ten 1000 ms requests one after another', () => {
    assert.equal(drainTimeMs(realResolved('flask-dev-single'), buildScenario('analysis', { analysisMs: 1000 }), 10), 10_000);
  });

  it('gives a server without a limit one round', () => {
    assert.equal(drainTimeMs(realResolved('flask-dev'), io, 10), 100);
  });

  it('shares CPU work between the cores a profile can use', () => {
    assert.equal(drainTimeMs(realResolved('flask-dev'), cpu, 10), 100, 'one process: ten 10 ms requests in turn');
    assert.equal(drainTimeMs(realResolved('gunicorn-sync-scaled'), cpu, 10), 50, 'two cores: five rounds of 10 ms');
  });
});

describe('windowSec', () => {
  it('keeps the requested seconds when they hold enough latencies', () => {
    assert.equal(windowSec(realResolved('waitress-like'), io, 10, 10), 10);
  });

  it('stretches a short window to fifteen drain times, so the start from quiet is a small part of it', () => {
    // waitress-like io@10 drains in 300 ms (ten requests on four threads: three rounds of 100 ms); 15 × 0.3 s = 4.5 s.
    assert.equal(windowSec(realResolved('waitress-like'), io, 10, 2), 5);
    // waitress-8-200/cpu@100: one process, 100 × 10 ms of CPU = 1 s to drain; a 5 s window measured the start-up.
    assert.equal(windowSec(realResolved('waitress-8-200'), cpu, 100, 2), 15);
  });

  it('caps the window at 30 s', () => {
    assert.equal(MAX_WINDOW_SEC, 30);
    assert.equal(windowSec(realResolved('flask-dev-single'), buildScenario('analysis', { analysisMs: 1000 }), 10, 10), 30);
  });

  it('never goes below the requested seconds', () => {
    for (const requested of [1, 10, 25]) {
      assert.ok(windowSec(realResolved('waitress-like'), health, 10, requested) >= requested, `requested ${requested} s`);
    }
  });

  it('keeps a requested window longer than 30 s', () => {
    assert.equal(windowSec(realResolved('waitress-like'), io, 10, 60), 60);
    assert.equal(windowSec(realResolved('flask-dev-single'), buildScenario('analysis', { analysisMs: 1000 }), 10, 60), 60);
  });
});

describe('requestTimeoutSec', () => {
  it('keeps the generators’ 10 s where no request waits long', () => {
    assert.equal(requestTimeoutSec(realResolved('waitress-like'), io, 10), 10);
    assert.equal(requestTimeoutSec(realResolved('uvicorn'), health, 100), 10);
  });

  it('outlasts the wait a single-threaded server’s queue imposes, so no request is abandoned', () => {
    // 100 connections, one at a time, 100 ms each: every request waits about 10 s.
    const timeout = requestTimeoutSec(realResolved('flask-dev-single'), io, 100);
    assert.ok(timeout > drainTimeMs(realResolved('flask-dev-single'), io, 100) / 1000 * 2, `timeout ${timeout} s`);
    assert.equal(boundCell(realResolved('flask-dev-single'), io, 100).requestTimeoutSec, timeout);
  });

  it('outlasts an unfair share of the wait: ten drain times where the queue is long', () => {
    // waitress-8-200/cpu@100 drains in 1 s, yet some requests waited over 7 s: a 7 s timeout cut 40 of them off.
    assert.equal(requestTimeoutSec(realResolved('waitress-8-200'), cpu, 100), 15);
  });

  it('stops at two minutes', () => {
    assert.equal(requestTimeoutSec(realResolved('gunicorn-sync'), buildScenario('analysis', { analysisMs: 10_000 }), 100), MAX_REQUEST_TIMEOUT_SEC);
  });
});
