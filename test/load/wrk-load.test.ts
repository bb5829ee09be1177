import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseChildCpuSeconds, runWrk, toWrkMeasurement, type WrkSummary } from '../../harness/load/wrk-load.js';
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
  // What the Lua `done` hook prints for 2 s of load: 400 responses, 5 of them non-2xx.
  const summary: WrkSummary = {
    durationUs: 2_000_000,
    requests: 400,
    connect: 1,
    read: 2,
    write: 3,
    status: 5,
    timeout: 4,
    minUs: 50_123,
    meanUs: 51_500,
    maxUs: 98_000,
    p50Us: 51_000,
    p90Us: 53_250,
    p99Us: 60_000,
  };
  const load = toWrkMeasurement(summary);

  it('turns wrk’s microseconds into milliseconds', () => {
    assert.deepEqual(load.latencyMs, { min: 50.123, mean: 51.5, p50: 51, p90: 53.25, p99: 60, max: 98 });
    assert.equal(load.durationSec, 2);
  });

  it('gives responses per second as requests over the measured seconds', () => {
    assert.equal(load.rps, 200);
    assert.equal(load.okRps, 197.5, 'the 5 non-2xx answers left out');
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
    const empty = toWrkMeasurement({ ...summary, durationUs: 0, requests: 0 });
    assert.equal(empty.rps, 0);
    assert.equal(empty.okRps, 0);
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
