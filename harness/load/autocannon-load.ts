// Closed-loop load with autocannon's programmatic API: N connections, each sending its next request when the
// previous one is answered, for a fixed time.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LatencyMs, LoadMeasurement } from '../core/results.js';
import { closedLoopRps, type Throughput } from '../core/throughput.js';
import { createLatencyRecorder } from './latency-recorder.js';
import { REQUEST_TIMEOUT_SEC, type GeneratorRun, type LoadOptions } from './load-options.js';

type AutocannonResult = autocannon.Result & { readonly statusCodeStats?: Record<string, { count: number }> };

/** autocannon's own (undeclared) aggregation of the raw counts it hands back when run on a worker thread. */
const { aggregateResult } = autocannon as unknown as { aggregateResult: (results: unknown[], options: autocannon.Options) => AutocannonResult };

/**
 * autocannon's result, with latency from bench's own microsecond recorder (autocannon's keeps whole ms) and
 * requests/s from each connection's pace (see core/throughput.ts) rather than answers ÷ window.
 */
export const toMeasurement = (result: AutocannonResult, latencyMs: LatencyMs, latencyAnyMs: LatencyMs, throughput: Throughput, connectionsAnswered?: number): LoadMeasurement => {
  const durationSec = result.duration;
  const requests = result.requests.total;
  const { rps } = throughput;
  return {
    durationSec,
    requests,
    rps,
    rpsMethod: throughput.method,
    okRps: result['2xx'] === requests ? rps : requests > 0 ? (rps * result['2xx']) / requests : 0,
    latencyMs,
    latencyAnyMs,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat?.count ?? 0])),
    ...(connectionsAnswered === undefined ? {} : { connectionsAnswered }),
  };
};

/**
 * autocannon on this thread's event loop. bench runs it on a worker thread of its own (runAutocannon, in
 * autocannon-thread.ts); its CPU is the whole process's CPU over the load (the UI's share included).
 */
export const runAutocannonHere = (options: LoadOptions): Promise<GeneratorRun> =>
  new Promise((resolve, reject) => {
    const stop = (): void => instance.stop();
    const cpuAtStart = process.cpuUsage();
    const wallAtStart = performance.now();
    // Sampled every millisecond: a busy loop delays reading every response that arrives meanwhile. Enabled once
    // autocannon has started, so that nothing is left running if it throws.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    const settings: autocannon.Options = {
      url: options.url,
      method: options.method,
      connections: options.connections,
      duration: options.durationSec,
      timeout: options.timeoutSec ?? REQUEST_TIMEOUT_SEC,
      ...(options.body ? { body: options.body, headers: { 'content-type': 'application/octet-stream' } } : {}),
      // A mix: autocannon sends each connection through the list in turn, from its first request.
      ...(options.requests
        ? { requests: options.requests.map((r) => ({ method: r.method, path: r.path, ...(r.body ? { body: r.body, headers: { 'content-type': 'application/octet-stream' } } : {}) })) }
        : {}),
    };
    const instance = autocannon(
      settings,
      (error, raw) => {
        options.signal?.removeEventListener('abort', stop);
        loopDelay.disable();
        if (error) return reject(error);
        // On a worker thread autocannon leaves its counts raw, for its own main thread to aggregate.
        const result = isMainThread ? (raw as AutocannonResult) : aggregateResult([raw], settings);
        const cpu = process.cpuUsage(cpuAtStart);
        const wallMs = performance.now() - wallAtStart;
        const { duration, requests } = result;
        const throughput = closedLoopRps([...paces.values()], requests.total, { startMs: startedAt, endMs: startedAt + duration * 1000 });
        resolve({
          load: toMeasurement(result, latencies.summary(), anyLatencies.summary(), throughput, paces.size),
          generatorCpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
          // The histogram counts from the timer's 1 ms resolution: what is above it is the loop's lateness.
          eventLoopDelayMs: { p99: Math.max(0, loopDelay.percentile(99) / 1e6 - 1), max: Math.max(0, loopDelay.max / 1e6 - 1) },
        });
      },
    );
    loopDelay.enable();
    const startedAt = performance.now();
    options.onStart?.();
    const latencies = createLatencyRecorder();
    const anyLatencies = createLatencyRecorder();
    // Each connection's answers, first and last: its pace (autocannon keeps one client object per connection,
    // across the reconnections a "Connection: close" server makes).
    const paces = new Map<unknown, { answers: number; firstMs: number; lastMs: number }>();
    let responses = 0;
    let latencySumMs = 0;
    let latencyMaxMs = 0;
    let errors = 0;
    let non2xx = 0;
    // Kept to sums and a max: this listener runs once per response, on the load generator's hot path.
    instance.on('response', (client, statusCode, _bytes, responseTimeMs) => {
      const now = performance.now();
      const pace = paces.get(client);
      if (pace) {
        pace.answers += 1;
        pace.lastMs = now;
      } else paces.set(client, { answers: 1, firstMs: now, lastMs: now });
      responses += 1;
      latencySumMs += responseTimeMs;
      if (responseTimeMs > latencyMaxMs) latencyMaxMs = responseTimeMs;
      // Like autocannon's own figures, latency of 2xx answers; and of every answer, as wrk counts it.
      anyLatencies.record(responseTimeMs);
      if (statusCode < 200 || statusCode >= 300) non2xx += 1;
      else latencies.record(responseTimeMs);
    });
    instance.on('reqError', (error) => {
      errors += 1;
      options.onError?.(error.message);
    });
    let tickCpu = process.cpuUsage();
    let tickWall = performance.now();
    instance.on('tick', () => {
      const now = performance.now();
      const elapsedSec = (now - startedAt) / 1000;
      // autocannon ticks once more, with nothing counted, as it stops: not a second of load.
      if (elapsedSec > options.durationSec + 0.5) return;
      const cpu = process.cpuUsage(tickCpu);
      options.onTick?.({
        elapsedSec,
        responses,
        latencyMeanMs: responses === 0 ? 0 : latencySumMs / responses,
        latencyMaxMs,
        errors,
        non2xx,
        generatorCpuPercent: ((cpu.user + cpu.system) / 1000 / (now - tickWall)) * 100,
      });
      tickCpu = process.cpuUsage();
      tickWall = now;
      responses = 0;
      latencySumMs = 0;
      latencyMaxMs = 0;
    });
    options.signal?.addEventListener('abort', stop, { once: true });
  });
