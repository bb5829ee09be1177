// Measuring one cell on a running server: an uncounted warm-up, then the measured load with the server's
// process tree sampled alongside.
import type { EmitEvent } from '../core/events.js';
import type { CellSpec } from '../core/plan.js';
import type { CellResult } from '../core/results.js';
import type { Scenario } from '../core/scenarios.js';
import { runLoad } from '../load/autocannon-load.js';
import { buildDxfBody } from '../load/request-body.js';
import type { RunningServer } from '../servers/launch.js';
import { startTreeSampler } from '../servers/process-stats.js';

export interface CellContext {
  readonly server: RunningServer;
  readonly scenario: Scenario;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly emit: EmitEvent;
  readonly signal: AbortSignal;
}

/** Distinct error messages shown per cell; the counts are in the result either way. */
const MAX_ERROR_EVENTS = 5;

const bodies = new Map<number, Buffer>();
const bodyFor = (scenario: Scenario): Buffer | undefined => {
  if (scenario.bodyBytes === 0) return undefined;
  if (!bodies.has(scenario.bodyBytes)) bodies.set(scenario.bodyBytes, buildDxfBody(scenario.bodyBytes));
  return bodies.get(scenario.bodyBytes);
};

export const executeCell = async (cell: CellSpec, context: CellContext): Promise<CellResult> => {
  const { server, scenario, emit, signal } = context;
  const request = { url: `${server.baseUrl}${scenario.path}`, method: scenario.method, body: bodyFor(scenario), connections: cell.connections, signal };
  if (context.warmupSec > 0) {
    emit({ type: 'cell:warmup', cell, warmupSec: context.warmupSec });
    await runLoad({ ...request, durationSec: context.warmupSec });
  }
  if (signal.aborted) return { ...cell, status: 'failed', error: 'interrupted' };

  const seenErrors = new Set<string>();
  const sampler = startTreeSampler(server.pid);
  const load = await runLoad({
    ...request,
    durationSec: context.durationSec,
    onTick: (tick) => {
      const tree = sampler.latest();
      emit({
        type: 'load:tick',
        cell,
        sample: {
          elapsedSec: tick.elapsedSec,
          durationSec: context.durationSec,
          rps: tick.responses,
          latencyMeanMs: tick.latencyMeanMs,
          latencyMaxMs: tick.latencyMaxMs,
          errors: tick.errors,
          non2xx: tick.non2xx,
          rssBytes: tree?.rssBytes,
          cpuPercent: tree?.cpuPercent,
        },
      });
    },
    onError: (message) => {
      if (seenErrors.has(message) || seenErrors.size >= MAX_ERROR_EVENTS) return;
      seenErrors.add(message);
      emit({ type: 'load:error', cell, message });
    },
  });
  const processes = sampler.finish();
  if (signal.aborted) return { ...cell, status: 'failed', error: 'interrupted' };
  return { ...cell, status: 'completed', ...load, ...processes };
};
