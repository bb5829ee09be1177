// One measured repeat of a cell on a running server: the generator's load with the server's process tree
// sampled alongside. The warm-up is the same load, uncounted.
import type { EmitEvent } from '../core/events.js';
import type { CellSpec } from '../core/plan.js';
import type { Isolation, RepeatMeasurement } from '../core/results.js';
import type { Scenario } from '../core/scenarios.js';
import type { LoadGenerator, LoadOptions } from '../load/load-options.js';
import { scenarioLoad } from '../load/request-body.js';
import type { RunningServer } from '../servers/launch.js';
import { SAMPLE_INTERVAL_MS, startTreeSampler } from '../servers/process-stats.js';
import type { HostSpeedProbe } from './host-speed-probe.js';

export interface NamedGenerator {
  readonly name: string;
  readonly run: LoadGenerator;
}

export interface RepeatContext {
  readonly server: RunningServer;
  readonly scenario: Scenario;
  readonly generator: NamedGenerator;
  /** The client's timeout for each request. */
  readonly timeoutSec: number;
  readonly emit: EmitEvent;
  readonly signal: AbortSignal;
  /** The machine's cores, timed through the run: each repeat records their speed over its load. */
  readonly hostSpeed?: HostSpeedProbe;
}

/** Distinct error messages shown per cell; the counts are in the result either way. */
const MAX_ERROR_EVENTS = 5;

const requestFor = (cell: CellSpec, context: RepeatContext, durationSec: number): LoadOptions => ({
  ...scenarioLoad(context.server.baseUrl, context.scenario),
  connections: cell.connections,
  durationSec,
  timeoutSec: context.timeoutSec,
  signal: context.signal,
});

export const warmUp = async (cell: CellSpec, context: RepeatContext, warmupSec: number): Promise<void> => {
  context.emit({ type: 'cell:warmup', cell, warmupSec });
  await context.generator.run(requestFor(cell, context, warmupSec));
};

export const measureRepeat = async (cell: CellSpec, context: RepeatContext, durationSec: number, isolation: Isolation): Promise<RepeatMeasurement> => {
  const { emit } = context;
  const seenErrors = new Set<string>();
  const sampler = startTreeSampler(context.server.pid, SAMPLE_INTERVAL_MS, cell.connections);
  let loadStartMs = performance.now();
  const { load, generatorCpuPercent, eventLoopDelayMs } = await context.generator.run({
    ...requestFor(cell, context, durationSec),
    // The server's figures over the load, not over the generator's start-up.
    onStart: () => {
      sampler.restart();
      loadStartMs = performance.now();
    },
    onTick: (tick) => {
      const tree = sampler.latest();
      emit({
        type: 'load:tick',
        cell,
        sample: {
          elapsedSec: tick.elapsedSec,
          durationSec,
          rps: tick.responses,
          latencyMeanMs: tick.latencyMeanMs,
          latencyMaxMs: tick.latencyMaxMs,
          errors: tick.errors,
          non2xx: tick.non2xx,
          rssBytes: tree?.rssBytes,
          cpuPercent: tree?.cpuPercent,
          generatorCpuPercent: tick.generatorCpuPercent,
        },
      });
    },
    onError: (message) => {
      if (seenErrors.has(message) || seenErrors.size >= MAX_ERROR_EVENTS) return;
      seenErrors.add(message);
      emit({ type: 'load:error', cell, message });
    },
  });
  const loadEndMs = performance.now();
  const probe = context.hostSpeed;
  const speed = probe ? { hostSpeed: probe.speedsOver(loadStartMs, loadEndMs), hostUnitMs: probe.unitsOver(loadStartMs, loadEndMs) } : {};
  return { ...load, ...sampler.finish(), ...speed, generator: { name: context.generator.name, cpuPercent: generatorCpuPercent, ...(eventLoopDelayMs ? { eventLoopDelayMs } : {}) }, isolation };
};
