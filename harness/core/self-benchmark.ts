// bench measuring its own instrument: how well autocannon agrees with wrk over the profiles, and how many
// requests/s autocannon can drive against the fastest profile compared with wrk (the ceiling ratio). Pure.
import { tallyCrossCheck, type CrossCheckTally } from './cross-check-tally.js';
import type { PinningRecord, Report } from './report.js';
import { isCompleted, type CompletedCell } from './results.js';

/** The scenario the ceiling is measured on: the cheapest request, so the generator is pushed hardest. */
export const CEILING_SCENARIO = 'health';
export const CEILING_CONNECTIONS: readonly number[] = [10, 50, 100, 200];
/** What the ratio should reach for autocannon's ceiling to count as wrk's. */
export const CEILING_RATIO_TARGET = 0.9;

export interface CeilingLevel {
  readonly connections: number;
  readonly autocannonRps: number;
  readonly referenceRps: number;
  readonly autocannonCpuPercent: number;
  readonly referenceCpuPercent: number;
}

export interface Ceiling {
  readonly profile: string;
  /** Servers and generator on separate cores (--pin). */
  readonly pinned: boolean;
  readonly scenario: string;
  readonly reference: string;
  readonly levels: readonly CeilingLevel[];
  /** The highest median requests/s each generator reached at any connection count. */
  readonly autocannonRps: number;
  readonly referenceRps: number;
  /** autocannonRps ÷ referenceRps. */
  readonly ratio: number;
  readonly meetsTarget: boolean;
}

export interface SelfBenchmark {
  readonly kind: 'self-benchmark';
  readonly schemaVersion: 1;
  readonly createdAt: string;
  readonly pinning: PinningRecord;
  readonly validation: { readonly runId: string; readonly tally: CrossCheckTally };
  /** The ceiling as measured unpinned, then pinned where the machine allows. */
  readonly ceilings: readonly (Ceiling & { readonly runId: string })[];
}

const crossChecked = (report: Report): CompletedCell[] =>
  report.results.filter(isCompleted).filter((cell) => cell.scenario === CEILING_SCENARIO && cell.crossCheck?.status === 'completed');

const referenceRps = (cell: CompletedCell): number => (cell.crossCheck?.status === 'completed' ? cell.crossCheck.reference.rps : 0);

/** The profile whose cheapest request the independent generator drove fastest; null when none was cross-checked. */
export const pickFastestProfile = (validation: Report): string | null =>
  crossChecked(validation).reduce<CompletedCell | null>((best, cell) => (best === null || referenceRps(cell) > referenceRps(best) ? cell : best), null)?.profile ?? null;

export const buildCeiling = (report: Report): Ceiling | null => {
  const cells = crossChecked(report);
  const reference = cells.find((cell) => cell.crossCheck?.status === 'completed');
  if (!reference || reference.crossCheck?.status !== 'completed') return null;
  const levels = cells.map((cell) => {
    const check = cell.crossCheck as Extract<CompletedCell['crossCheck'], { status: 'completed' }>;
    return { connections: cell.connections, autocannonRps: cell.rps, referenceRps: check.reference.rps, autocannonCpuPercent: cell.generator.cpuPercent, referenceCpuPercent: check.reference.generator.cpuPercent };
  });
  const autocannonRps = Math.max(...levels.map((level) => level.autocannonRps));
  const best = Math.max(...levels.map((level) => level.referenceRps));
  const ratio = best === 0 ? 0 : autocannonRps / best;
  return {
    profile: reference.profile,
    pinned: report.method.pinning.applied,
    scenario: CEILING_SCENARIO,
    reference: reference.crossCheck.reference.generator.name,
    levels,
    autocannonRps,
    referenceRps: best,
    ratio,
    meetsTarget: ratio >= CEILING_RATIO_TARGET,
  };
};

export const buildSelfBenchmark = (input: { readonly validation: Report; readonly ceilings: readonly Report[]; readonly createdAt: string }): SelfBenchmark => ({
  kind: 'self-benchmark',
  schemaVersion: 1,
  createdAt: input.createdAt,
  pinning: input.validation.method.pinning,
  validation: { runId: input.validation.runId, tally: tallyCrossCheck(input.validation) },
  ceilings: input.ceilings.flatMap((report) => {
    const ceiling = buildCeiling(report);
    return ceiling ? [{ ...ceiling, runId: report.runId }] : [];
  }),
});
