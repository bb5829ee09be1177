// Each production profile beside its dev-mode counterpart, cell by cell.
import type { ResolvedProfile } from './resolve-profile.js';
import { isCompleted, type CellResult, type CompletedCell } from './results.js';
import { compareSamples, type Difference } from './statistics.js';

export interface MetricComparison {
  readonly profile: number;
  readonly counterpart: number;
  /** profile ÷ counterpart; null when the counterpart's value is 0. */
  readonly ratio: number | null;
}

export interface Comparison {
  readonly profile: string;
  readonly counterpart: string;
  readonly scenario: string;
  readonly connections: number;
  readonly rps: MetricComparison;
  readonly latencyP99Ms: MetricComparison;
  readonly errorRate: MetricComparison;
  /** Welch's test over the repeats' rps: is the difference more than noise? */
  readonly rpsDifference: Difference;
  /** Either cell cannot support a conclusion: noisy, generator-bound, or past its bound. */
  readonly inconclusive: string | null;
}

const compareMetric = (profile: number, counterpart: number): MetricComparison => ({
  profile,
  counterpart,
  ratio: counterpart === 0 ? null : profile / counterpart,
});

/** Share of requests that failed: connection errors, timeouts and non-2xx answers. */
export const errorRate = (cell: CompletedCell): number => {
  const failed = cell.errors + cell.non2xx;
  const attempted = cell.requests + cell.errors;
  return attempted === 0 ? 0 : failed / attempted;
};

/** Why a cell's figures cannot carry a conclusion, or null when they can. */
export const whyInconclusive = (cell: CompletedCell): string | null => {
  if (cell.boundViolated) return `${cell.id} broke its bound: ${cell.boundReason}`;
  if (cell.generatorBound) return `${cell.id} was generator-bound (${cell.generatorBoundReason})`;
  if (cell.noisy) return `${cell.id} is too noisy to conclude (interval wider than ±15%)`;
  return null;
};

export const buildComparisons = (profiles: readonly ResolvedProfile[], results: readonly CellResult[]): Comparison[] => {
  const completed = new Map(results.filter(isCompleted).map((cell) => [`${cell.profile}/${cell.scenario}@${cell.connections}`, cell]));
  return profiles.flatMap((profile) => {
    const counterpart = profile.counterpart;
    if (profile.mode !== 'production' || counterpart === undefined) return [];
    return results.filter(isCompleted).filter((cell) => cell.profile === profile.name).flatMap((cell) => {
      const other = completed.get(`${counterpart}/${cell.scenario}@${cell.connections}`);
      if (!other) return [];
      return [{
        profile: profile.name,
        counterpart,
        scenario: cell.scenario,
        connections: cell.connections,
        rps: compareMetric(cell.rps, other.rps),
        latencyP99Ms: compareMetric(cell.latencyMs.p99, other.latencyMs.p99),
        errorRate: compareMetric(errorRate(cell), errorRate(other)),
        rpsDifference: compareSamples(cell.repeats.map((r) => r.rps), other.repeats.map((r) => r.rps)),
        inconclusive: whyInconclusive(cell) ?? whyInconclusive(other),
      }];
    });
  });
};
