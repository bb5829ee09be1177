// Making sure a cell starts from a quiet server: requests left over from the previous cell (a backlog of slow
// requests the generator gave up on) must be finished before anything new is measured.
import { setTimeout as sleep } from 'node:timers/promises';
import { createTreeProbe } from './process-stats.js';
import { answers } from './readiness.js';

/** The server counts as quiet when its whole tree uses less CPU than this (100 = one core). */
export const QUIET_CPU_PERCENT = 10;
/** Longest wait for quiet before the honest choice is a restart. */
export const MAX_QUIET_WAIT_MS = 10_000;

export interface QuietOptions {
  readonly pid: number;
  readonly healthUrl: string;
  /** Time the server may still need for requests already in it, from the cell's bound. */
  readonly drainMs: number;
  readonly signal?: AbortSignal;
}

export type Quiet = { readonly quiet: true; readonly waitedMs: number } | { readonly quiet: false; readonly waitedMs: number; readonly reason: string };


/**
 * Waits out the drain time the bound gives, then until the tree's CPU is low and /health answers (a single-
 * threaded server answers only once its backlog is gone). Gives up after MAX_QUIET_WAIT_MS.
 */
export const waitUntilQuiet = async (options: QuietOptions): Promise<Quiet> => {
  const startedAt = performance.now();
  const waited = (): number => performance.now() - startedAt;
  if (options.drainMs > 0) await sleep(options.drainMs, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  const probe = await createTreeProbe(options.pid);
  await probe.sample(); // primes the CPU counters
  while (waited() < MAX_QUIET_WAIT_MS && !options.signal?.aborted) {
    await sleep(250);
    const sample = await probe.sample();
    if (sample && sample.cpuPercent < QUIET_CPU_PERCENT && (await answers(options.healthUrl))) return { quiet: true, waitedMs: waited() };
  }
  return { quiet: false, waitedMs: waited(), reason: `still busy after ${(waited() / 1000).toFixed(1)} s` };
};
