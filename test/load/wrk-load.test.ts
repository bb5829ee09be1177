import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseChildCpuSeconds, runWrk, toWrkMeasurement, type WrkSummary } from '../../harness/load/wrk-load.js';
import { applyWrkCorrection } from '../../harness/load/wrk-histogram.js';
import { startTestServer, type TestServer } from '../fixtures/http-server.js';

describe('parseChildCpuSeconds', () => {
  it('adds the children’s user and system time from the last line of bash’s `times`', () => {
    assert.equal(parseChildCpuSeconds('0m0.010s 0m0.002s\n0m1.500s 0m0.250s\n'), 1.75);
  });

  it('counts the minutes', () => {
    assert.equal(parseChildCpuSeconds('0m0.000s 0m0.000s\n1m2.500s 0m0.500s'), 63);
  });

  it('gives 0 when nothing was printed', () => {
    assert.equal(parseChildCpuSeconds(''), 0);
  });
});

describe('toWrkMeasurement', () => {
  // What the Lua `done` hook prints for 2 s of load on 2 connections: 80 responses, 5 of them non-2xx, each timed at
  // 50 ms but 2 at 160 ms. wrk's E is 2 s ÷ 40 = 50 ms, so each 160 ms answer added 2 synthetic samples (110 and 60
  // ms) to the histogram wrk read its own figures from.
  const corrected = applyWrkCorrection({ values: [50_000, 160_000], counts: [78, 2] }, 50_000);
  const summary: WrkSummary = {
    durationUs: 2_000_000,
    requests: 80,
    connect: 1,
    read: 2,
    write: 3,
    status: 5,
    timeout: 4,
    minUs: 50_000,
    meanUs: 56_904.76,
    maxUs: 160_000,
    p50Us: 50_000,
    p90Us: 60_000,
    p99Us: 160_000,
    count: 84,
    bins: corrected.values.flatMap((value, index) => [value, corrected.counts[index]!]),
  };
  const load = toWrkMeasurement(summary, 2);

  it('gives the latency wrk timed, in ms, its coordinated-omission correction taken out', () => {
    assert.deepEqual(corrected, { values: [50_000, 60_000, 110_000, 160_000], counts: [78, 2, 2, 2] });
    assert.deepEqual(load.latencyMs, { min: 50, mean: (50 * 78 + 160 * 2) / 80, p50: 50, p90: 50, p99: 160, max: 160 });
    assert.equal(load.wrkCorrectionRemoved, 4);
    assert.equal(load.durationSec, 2);
  });

  it('gives responses per second as requests over the measured seconds', () => {
    assert.equal(load.rps, 40);
    assert.equal(load.okRps, 37.5, 'the 5 non-2xx answers left out');
    assert.equal(load.rpsMethod, 'window');
  });

  it('counts connect, read, write and timeout errors as errors', () => {
    assert.equal(load.errors, 10);
    assert.equal(load.timeouts, 4);
  });

  it('counts wrk’s status errors as non-2xx answers', () => {
    assert.equal(load.non2xx, 5);
  });

  it('gives 0 req/s, not infinity, for a run that measured no time', () => {
    const empty = toWrkMeasurement({ ...summary, durationUs: 0, requests: 0, count: 0, bins: [] }, 2);
    assert.equal(empty.rps, 0);
    assert.equal(empty.okRps, 0);
  });

  it('gives no latency where the histogram could not be read, or is not the one wrk read its figures from', () => {
    assert.throws(() => toWrkMeasurement({ ...summary, bins: null, count: -1 }, 2), /histogram could not be read/);
    assert.throws(() => toWrkMeasurement({ ...summary, count: 85 }, 2), /84 samples .* where wrk counted 85/);
  });
});

// The paced reference of the cross-check, on a real server answering at once: one connection pausing 20 ms before
// each request cannot send more than 1 s ÷ 20 ms = 50 in a second, and the pause is not in the latency it times.
describe('runWrk with a pause before each request', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ handlerMs: 0 });
  });
  after(async () => {
    await server?.close();
  });

  it('pauses that long before each request, and times the answer alone', async () => {
    const paced = await runWrk({ url: server.url, method: 'GET', connections: 1, durationSec: 1, pauseMs: 20 });
    // wrk's timers count whole milliseconds and fire when the millisecond is reached: a pause is 19–20 ms.
    const most = (paced.load.durationSec * 1000) / (20 - 1) + 1;
    assert.ok(paced.load.requests <= most, `${paced.load.requests} requests in ${paced.load.durationSec} s with a 20 ms pause (at most ${most.toFixed(1)})`);
    assert.ok(paced.load.requests >= 10, `${paced.load.requests} requests: it did send`);
    assert.ok(paced.load.latencyAnyMs.p50 < 10, `p50 ${paced.load.latencyAnyMs.p50} ms: the pause is not timed`);
    const backToBack = await runWrk({ url: server.url, method: 'GET', connections: 1, durationSec: 1 });
    assert.ok(backToBack.load.requests > 4 * paced.load.requests, `${backToBack.load.requests} back-to-back against ${paced.load.requests} paced`);
  });
});

// The regression test of wrk's coordinated-omission correction, on a real wrk: a server answering four requests of
// five at once and the fifth after 100 ms. wrk's E is then about 20 ms, each 100 ms answer adds synthetic samples at
// about 80, 60 and 40 ms, and wrk's own mean puts about 1.7 requests in flight per connection, its own p50 near 40
// ms. The latency it timed keeps to Little's law and has its p50 among the instant answers.
describe('runWrk against a server of instant and slow answers', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ handlerMs: 100, slowEvery: 5 });
  });
  after(async () => {
    await server?.close();
  });

  it('gives the latency wrk timed, which keeps to Little’s law, where wrk’s own figures do not', async () => {
    const connections = 10;
    const { load } = await runWrk({ url: server.url, method: 'GET', connections, durationSec: 2 });
    const inFlight = (load.rps * load.latencyAnyMs.mean) / 1000;
    assert.ok(inFlight <= connections * 1.1, `${inFlight.toFixed(1)} requests in flight on ${connections} connections`);
    assert.ok(inFlight >= connections * 0.5, `${inFlight.toFixed(1)} requests in flight on ${connections} connections`);
    assert.ok(load.latencyAnyMs.p50 < 20, `p50 ${load.latencyAnyMs.p50} ms: most answers were instant`);
    assert.ok(load.latencyAnyMs.max >= 99, `max ${load.latencyAnyMs.max} ms: the slow answers are timed`);
    // That wrk did correct here, so that without undoing it this test fails: a fifth of the answers added 2–3 each.
    assert.ok((load.wrkCorrectionRemoved ?? 0) >= 0.25 * load.requests, `${load.wrkCorrectionRemoved} synthetic samples removed of ${load.requests} answers`);
  });
});
