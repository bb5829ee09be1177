// The typed events a run emits; the Ink view and the plain log only listen.
import type { ProbeResult } from './probe-spec.js';
import type { CellSpec } from './plan.js';
import type { CellResult, Isolation } from './results.js';

export interface LiveSample {
  readonly elapsedSec: number;
  readonly durationSec: number;
  /** Responses in the last second. */
  readonly rps: number;
  readonly latencyMeanMs: number;
  readonly latencyMaxMs: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly rssBytes: number | undefined;
  readonly cpuPercent: number | undefined;
  /** The load generator's own CPU over the last second; 100 = one core. */
  readonly generatorCpuPercent: number;
}

export type BenchEvent =
  | { readonly type: 'run:start'; readonly runId: string; readonly runDir: string; readonly totalCells: number; readonly profiles: readonly string[] }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  | { readonly type: 'server:starting'; readonly profile: string }
  | { readonly type: 'server:ready'; readonly profile: string; readonly port: number; readonly startupMs: number; readonly commandLine: string }
  | { readonly type: 'server:failed'; readonly profile: string; readonly error: string }
  | { readonly type: 'server:stopped'; readonly profile: string }
  | { readonly type: 'cell:start'; readonly cell: CellSpec; readonly index: number; readonly total: number }
  | { readonly type: 'cell:warmup'; readonly cell: CellSpec; readonly warmupSec: number }
  | { readonly type: 'cell:repeat'; readonly cell: CellSpec; readonly repeat: number; readonly repeats: number; readonly generator: string; readonly isolation: Isolation }
  | { readonly type: 'load:tick'; readonly cell: CellSpec; readonly sample: LiveSample }
  | { readonly type: 'load:error'; readonly cell: CellSpec; readonly message: string }
  | { readonly type: 'cell:done'; readonly cell: CellSpec; readonly result: CellResult; readonly index: number; readonly total: number }
  /** A probe (bench claims) measured something on a profile's server besides its cells. */
  | { readonly type: 'probe:done'; readonly result: ProbeResult }
  | { readonly type: 'run:done'; readonly status: RunStatus; readonly runDir: string };

export type RunStatus = 'completed' | 'aborted' | 'failed';

export type EmitEvent = (event: BenchEvent) => void;
