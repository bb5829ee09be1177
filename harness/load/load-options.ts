// What every load generator is asked to do, and what it gives back.
import type { LoadMeasurement } from '../core/results.js';

import { DEFAULT_REQUEST_TIMEOUT_SEC } from '../core/bounds.js';

/** Default time a request may take before the generator counts it as a timeout (cells set their own). */
export const REQUEST_TIMEOUT_SEC = DEFAULT_REQUEST_TIMEOUT_SEC;

export interface LoadTick {
  readonly elapsedSec: number;
  /** Responses since the previous tick (about one second). */
  readonly responses: number;
  readonly latencyMeanMs: number;
  readonly latencyMaxMs: number;
  /** Since the start of the load, unlike the per-tick figures above. */
  readonly errors: number;
  readonly non2xx: number;
  /** The generator's own CPU since the previous tick; 100 = one core. */
  readonly generatorCpuPercent: number;
}

/** One request of a mix, on the host of LoadOptions.url. */
export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: Buffer | undefined;
}

export interface LoadOptions {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body?: Buffer | undefined;
  /** A mix: each connection sends these in turn, over and over, instead of url/method/body (which name the first). */
  readonly requests?: readonly LoadRequest[] | undefined;
  readonly connections: number;
  readonly durationSec: number;
  readonly timeoutSec?: number;
  /** Called once, as the load begins (after the generator's own start-up: a worker thread, a process): the
   * server's figures are sampled from then, not over the generator's start-up, when the server is idle. */
  readonly onStart?: () => void;
  readonly onTick?: (tick: LoadTick) => void;
  readonly onError?: (message: string) => void;
  readonly signal?: AbortSignal;
}

export interface GeneratorRun {
  readonly load: LoadMeasurement;
  /** CPU the generator itself used over the measured time; 100 = one core. */
  readonly generatorCpuPercent: number;
  /** See GeneratorUsage.eventLoopDelayMs. */
  readonly eventLoopDelayMs?: { readonly p99: number; readonly max: number };
}

export type LoadGenerator = (options: LoadOptions) => Promise<GeneratorRun>;
