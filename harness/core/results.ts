// What one cell measured: the load generator's view and the server's process tree, over its repeats.
import type { Agreement } from './agreement.js';
import type { CellBound } from './bounds.js';
import type { CellSpec } from './plan.js';
import type { Summary } from './statistics.js';

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
  /** How rps was counted (see core/throughput.ts): each connection's pace, or answers ÷ window. On each repeat. */
  readonly rpsMethod?: 'per-connection' | 'window' | 'mixed';
  /** Responses per second with a 2xx status. */
  readonly okRps: number;
  /** Latency of 2xx responses: what a served user waited. */
  readonly latencyMs: LatencyMs;
  /** Latency of every response, whatever its status (a quick 503 included): what wrk reports, so what the
   * cross-check compares. Equal to latencyMs when every response was 2xx. */
  readonly latencyAnyMs: LatencyMs;
  /** Connection errors (refused, reset) and timeouts, as counted by the generator: `timeouts` is a part of it. */
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Connections that got at least one answer (autocannon; over a cell, the fewest of its repeats): with N
   * connections held, how many clients were served at all. */
  readonly connectionsAnswered?: number;
  /** wrk only: the synthetic samples its coordinated-omission correction had added to its latency histogram, which
   * bench removed to give the latency wrk timed (see load/wrk-histogram.ts). */
  readonly wrkCorrectionRemoved?: number;
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
  /** On a repeat of a server of several processes: each process's CPU over the repeat, busiest first (100 = one
   * core). Uneven shares of equal workers mean the connections landed unevenly on them. */
  readonly processCpuPercent?: readonly number[];
  /** Beside processCpuPercent, process by process: the client connections each held, mean over the repeat's
   * samples (sockets it held that it did not before the load). Where equal workers' shares differ, this says
   * whether the connections landed unevenly: a keep-alive connection stays with the worker that accepted it. */
  readonly processConnections?: readonly number[];
  /** Beside processCpuPercent: the client connections each process held in every sample where the server held all
   * the load's connections (two such samples at least), where each held the same count in all of them: keep-alive
   * connections staying with the worker that accepted them. Absent where they moved (a server closing every
   * connection, a recycled worker) or were never all held at once. */
  readonly processConnectionsHeld?: readonly number[];
  /** The client connections the server's whole tree held at each sample of the repeat (twice a second), in order:
   * on a server keeping connections alive, how many of the load's it had accepted so far (a server slow to accept
   * leaves the rest in the kernel's accept queue, their first request unanswered). Only from /proc. */
  readonly connectionsAccepted?: readonly number[];
  /** The whole machine's CPU over the same time, 100 = one core (up to cores × 100): the server's, the generator's
   * and anything else's. On a repeat from /proc/stat; on a cell the median of its repeats'. What is neither the
   * server's nor the generator's was taken from them by other work (the kernel's network processing among it). */
  readonly machineCpuPercent?: number;
  /** Each core of the machine's speed over the repeat, 1 = the fastest it ran since the run began, null where
   * unknown (see core/host-speed.ts): below SLOWED_SPEED, the host slowed that core. Only on a repeat. */
  readonly hostSpeed?: readonly (number | null)[];
  /** Each core's median unit of the speed probe over the repeat, in ms of CPU (null where unknown): what hostSpeed is
   * read from, kept so a cell's repeats can be compared with each other. Only on a repeat. */
  readonly hostUnitMs?: readonly (number | null)[];
}

/** How a repeat was kept from the previous load's leftovers. */
export interface Isolation {
  /** fresh: a newly started server; waited: until idle; restarted: the server was restarted. */
  readonly method: 'fresh' | 'waited' | 'restarted';
  readonly waitedMs: number;
  readonly reason: string | null;
}

export interface GeneratorUsage {
  readonly name: string;
  /** The generator process's CPU over the measured time; 100 = one core. */
  readonly cpuPercent: number;
  /** How late the generator's event loop ran past its 1 ms timer (autocannon only; a cell keeps its highest repeat).
   * max bounds how late a response that arrived while the loop was busy was timed; p99 is over the timer's
   * ticks, not over the responses, and below about 1 ms is the timer's own granularity. */
  readonly eventLoopDelayMs?: { readonly p99: number; readonly max: number };
}

export type RepeatMeasurement = LoadMeasurement & ProcessMeasurement & { readonly generator: GeneratorUsage; readonly isolation: Isolation };

export interface CellVerdicts {
  readonly repeats: readonly RepeatMeasurement[];
  readonly stats: { readonly rps: Summary; readonly latencyP99Ms: Summary };
  /** The interval of rps or p99 is too wide to conclude from. */
  readonly noisy: boolean;
  readonly bound: CellBound;
  /** The measurement broke its physical bound: a measurement error. */
  readonly boundViolated: boolean;
  readonly boundReason: string | null;
  /** The load generator, not the server, set the pace in at least one repeat (see generator-bound.ts). */
  readonly generatorBound: boolean;
  readonly generatorBoundReason: string | null;
  readonly generator: GeneratorUsage;
}

/** The same cell measured by an independent generator (wrk), its repeats interleaved with autocannon's: medians
 * over its repeats, like the cell's own figures. */
/** cpuPercent (the server's) and machineCpuPercent are absent from reports written before they were recorded. */
export type ReferenceFigures = LoadMeasurement & Partial<Pick<ProcessMeasurement, 'cpuPercent' | 'machineCpuPercent'>> & {
  readonly repeats: readonly RepeatMeasurement[];
  readonly stats: { readonly rps: Summary; readonly latencyP99Ms: Summary };
  readonly generator: GeneratorUsage;
  readonly generatorBound: boolean;
  readonly generatorBoundReason: string | null;
};

/** The cell measured again by an independent generator, and whether the two agree. */
export type CrossCheck =
  | {
      readonly status: 'completed';
      readonly reference: ReferenceFigures;
      /** The cell measured again at a client's pace where the first check asked for it, in order: wrk pausing
       * pauseMs before each request, then hey at its own pace (pauseMs null). */
      readonly pacedReferences?: readonly (ReferenceFigures & { readonly pauseMs: number | null })[];
      /** The cell measured again by both generators with the server and the generator pinned apart, where the
       * first check asked for it (see wantsPinnedPairs): autocannon's figures there, and the reference's. */
      readonly pinned?: { readonly generatorCpus: string; readonly serverCpus: string; readonly candidate: ReferenceFigures; readonly reference: ReferenceFigures };
      readonly agreement: Agreement;
    }
  | { readonly status: 'failed'; readonly error: string };

/** The flat figures are over all repeats: medians of rps and of each percentile, sums of counts, peaks of memory. */
export type CompletedCell = CellSpec & { readonly status: 'completed' } & LoadMeasurement & ProcessMeasurement & CellVerdicts & { readonly crossCheck?: CrossCheck };

export type CellResult = CompletedCell | (CellSpec & { readonly status: 'failed'; readonly error: string });

export const isCompleted = (cell: CellResult): cell is CompletedCell => cell.status === 'completed';
