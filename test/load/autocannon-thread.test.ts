// Regression test: autocannon runs on a worker thread of its own. On bench's main thread, every moment that
// thread spent elsewhere (the live view, the server's output, garbage collection of bench's own heap) was
// added to the latency of each response that arrived meanwhile. Here the main thread is kept busy 30 ms of
// every 100 ms while a server in another process answers in 10 ms.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runAutocannonHere } from '../../harness/load/autocannon-load.js';
import { runAutocannon } from '../../harness/load/autocannon-thread.js';
import type { GeneratorRun, LoadOptions } from '../../harness/load/load-options.js';
import { startTestServerInChild, type TestServer } from '../fixtures/http-server.js';

const HANDLER_MS = 10;
const BUSY_MS = 30;
const EVERY_MS = 100;

const describeRun = (run: GeneratorRun): string => `p50 ${run.load.latencyMs.p50.toFixed(1)} / p99 ${run.load.latencyMs.p99.toFixed(1)} / max ${run.load.latencyMs.max.toFixed(1)} ms, ${run.load.rps.toFixed(0)} req/s`;

/** Runs the load while the main thread spins BUSY_MS of every EVERY_MS. */
const underBusyMainThread = async (run: (options: LoadOptions) => Promise<GeneratorRun>, url: string): Promise<GeneratorRun> => {
  const timer = setInterval(() => {
    const until = performance.now() + BUSY_MS;
    while (performance.now() < until);
  }, EVERY_MS);
  try {
    return await run({ url, method: 'GET', connections: 4, durationSec: 2 });
  } finally {
    clearInterval(timer);
  }
};

describe('autocannon while bench\'s main thread is busy 30 ms of every 100', () => {
  let server: TestServer;
  let onWorker: GeneratorRun;
  let onMain: GeneratorRun;

  before(async () => {
    server = await startTestServerInChild({ handlerMs: HANDLER_MS });
    onWorker = await underBusyMainThread(runAutocannon, server.url);
    onMain = await underBusyMainThread(runAutocannonHere, server.url);
  }, { timeout: 20_000 });

  after(async () => {
    await server?.close();
  });

  it('on its worker thread, times answers as the server gave them: p99 under the handler’s 10 ms + 10 ms', (t) => {
    t.diagnostic(`worker thread: ${describeRun(onWorker)}`);
    assert.ok(onWorker.load.requests > 0);
    assert.ok(onWorker.load.latencyMs.p50 >= HANDLER_MS - 1, describeRun(onWorker));
    assert.ok(onWorker.load.latencyMs.p99 < HANDLER_MS + 10, describeRun(onWorker));
  });

  it('on the main thread (as before), counts the busy thread in the latency: p99 past 20 ms', (t) => {
    t.diagnostic(`main thread: ${describeRun(onMain)}`);
    assert.ok(onMain.load.latencyMs.p99 >= HANDLER_MS + 10, describeRun(onMain));
  });
});
