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

const PAIRS = 3;

/** The run whose p99 is the median of the runs'. */
const medianRun = (runs: readonly GeneratorRun[]): GeneratorRun => [...runs].sort((a, b) => a.load.latencyMs.p99 - b.load.latencyMs.p99)[Math.floor(runs.length / 2)]!;

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

  // Three runs of each, interleaved; each side is judged by its run of median p99, so that one stall of the shared
  // machine in one run does not decide the test.
  before(async () => {
    server = await startTestServerInChild({ handlerMs: HANDLER_MS });
    const worker: GeneratorRun[] = [];
    const main: GeneratorRun[] = [];
    for (let round = 0; round < PAIRS; round += 1) {
      worker.push(await underBusyMainThread(runAutocannon, server.url));
      main.push(await underBusyMainThread(runAutocannonHere, server.url));
    }
    [onWorker, onMain] = [medianRun(worker), medianRun(main)];
  }, { timeout: 40_000 });

  after(async () => {
    await server?.close();
  });

  // Compared with the main-thread runs of the same test, not with a fixed time: on a shared machine both get the
  // same extra delays (under a concurrent benchmark, one run's p99 was 45 ms on the worker and 58 ms on the main
  // thread; quiet, 14.5 and 39.6), but only the main-thread runs also carry the busy thread's 30 ms stalls.
  it('on its worker thread, times answers as the server gave them: p99 at least 5 ms under the main thread’s', (t) => {
    t.diagnostic(`worker thread: ${describeRun(onWorker)}; main thread: ${describeRun(onMain)}`);
    assert.ok(onWorker.load.requests > 0);
    assert.ok(onWorker.load.latencyMs.p50 >= HANDLER_MS - 1, describeRun(onWorker));
    assert.ok(onWorker.load.latencyMs.p99 <= onMain.load.latencyMs.p99 - BUSY_MS / 6, `worker ${describeRun(onWorker)}; main ${describeRun(onMain)}`);
  });

  it('on the main thread (as before), counts the busy thread in the latency: p99 past 20 ms', (t) => {
    t.diagnostic(`main thread: ${describeRun(onMain)}`);
    assert.ok(onMain.load.latencyMs.p99 >= HANDLER_MS + 10, describeRun(onMain));
  });
});
