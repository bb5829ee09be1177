// What one cell measured: the load generator's view and the server's process tree.
import type { CellSpec } from './plan.js';

export interface LatencyMs {
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface LoadMeasurement {
  /** Measured time, warm-up excluded. */
  readonly durationSec: number;
  /** Responses received in that time, of any status. */
  readonly requests: number;
  /** Responses per second, of any status. */
  readonly rps: number;
  /** Responses per second with a 2xx status. */
  readonly okRps: number;
  readonly latencyMs: LatencyMs;
  /** Connection errors (refused, reset) and timeouts, as counted by the generator. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

export interface ProcessMeasurement {
  /** Peak resident memory of the server's whole process tree (sum over its processes). */
  readonly rssBytes: number;
  readonly rssBytesMean: number;
  /** CPU of the whole tree, mean over the cell; 100 = one core busy. */
  readonly cpuPercent: number;
  readonly cpuPercentPeak: number;
  readonly processCount: number;
  readonly samples: number;
}

export type CellResult = CellSpec &
  (
    | ({ readonly status: 'completed' } & LoadMeasurement & ProcessMeasurement)
    | { readonly status: 'failed'; readonly error: string }
  );

export type CompletedCell = Extract<CellResult, { status: 'completed' }>;

export const isCompleted = (cell: CellResult): cell is CompletedCell => cell.status === 'completed';
