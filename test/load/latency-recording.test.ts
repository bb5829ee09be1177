// Regression test for how bench records latency. autocannon's own histogram keeps whole milliseconds, so a
// 0.3 ms answer read as 0 ms and every percentile lost up to 1 ms; bench records each response to the microsecond.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAutocannon } from '../../harness/load/autocannon-thread.js';
import { createLatencyRecorder } from '../../harness/load/latency-recorder.js';
import type { GeneratorRun } from '../../harness/load/load-options.js';
import { startTestServer, type TestServer } from '../fixtures/http-server.js';

describe('createLatencyRecorder', () => {
  it('keeps fractions of a millisecond', () => {
    const recorder = createLatencyRecorder();
    for (const ms of [0.25, 0.4, 0.4, 0.6, 1.75]) recorder.record(ms);
    const summary = recorder.summary();
    assert.equal(recorder.count(), 5);
    assert.ok(Math.abs(summary.p50 - 0.4) < 0.001, `p50 ${summary.p50}`);
    assert.ok(Math.abs(summary.min - 0.25) < 0.001, `min ${summary.min}`);
    assert.ok(Math.abs(summary.max - 1.75) < 0.002, `max ${summary.max}`);
    assert.ok(Math.abs(summary.mean - 0.68) < 0.002, `mean ${summary.mean}`);
  });

  it('keeps long latencies to three significant digits', () => {
    const recorder = createLatencyRecorder();
    recorder.record(10_234.5);
    assert.ok(Math.abs(recorder.summary().p99 - 10_234.5) / 10_234.5 < 0.001);
  });

  it('gives zeros, not NaN, when nothing was recorded', () => {
    assert.deepEqual(createLatencyRecorder().summary(), { min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 });
  });
});

describe('runAutocannon against a server that answers in well under a millisecond', () => {
  let server: TestServer;
  let run: GeneratorRun;

  before(async () => {
    server = await startTestServer({ handlerMs: 0 });
    run = await runAutocannon({ url: server.url, method: 'GET', connections: 1, durationSec: 1 });
  }, { timeout: 10_000 });

  after(async () => {
    await server?.close();
  });

  it('times the answers above 0 ms', () => {
    assert.ok(run.load.requests > 100, `only ${run.load.requests} answers`);
    assert.ok(run.load.latencyMs.p50 > 0 && run.load.latencyMs.min > 0, JSON.stringify(run.load.latencyMs));
  });

  it("keeps Little's law with one connection: rps × mean latency is most of the loop, and never more", () => {
    // One connection is always waiting for exactly one answer, less the client's own time between answers.
    const busy = (run.load.rps * run.load.latencyMs.mean) / 1000;
    assert.ok(busy > 0.3 && busy <= 1.05, `rps ${run.load.rps.toFixed(0)} × mean ${run.load.latencyMs.mean.toFixed(3)} ms = ${busy.toFixed(2)}`);
  });
});

describe('runAutocannon against a server that refuses half its requests at once', () => {
  let server: TestServer;
  let run: GeneratorRun;

  before(async () => {
    server = await startTestServer({ handlerMs: 50, refuseHalf: true });
    run = await runAutocannon({ url: server.url, method: 'GET', connections: 4, durationSec: 1 });
  }, { timeout: 10_000 });

  after(async () => {
    await server?.close();
  });

  it('times the 2xx answers alone as the latency a served user saw', () => {
    assert.ok(run.load.non2xx > 0, JSON.stringify(run.load.statusCodes));
    assert.ok(run.load.latencyMs.p50 >= 49, `2xx p50 ${run.load.latencyMs.p50} ms`);
  });

  it('also times every answer, as wrk does, which the quick refusals pull down', () => {
    // wrk timed the dxf app's instant 503s with the rest: p50 140 ms against autocannon's 2xx-only 466 ms.
    assert.ok(run.load.latencyAnyMs.min < 10 && run.load.latencyAnyMs.p50 < run.load.latencyMs.p50, JSON.stringify(run.load.latencyAnyMs));
  });
});
