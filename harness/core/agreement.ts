// Whether two load generators agree on a cell: the acceptance rule of `bench validate`.
import type { LoadMeasurement } from './results.js';

/** autocannon's requests/s must be within this share of the reference generator's. */
export const RPS_TOLERANCE = 0.15;
/** Its p50 and p99 within this share, or LATENCY_TOLERANCE_MS, whichever is larger. */
export const LATENCY_TOLERANCE = 0.25;
export const LATENCY_TOLERANCE_MS = 1;

export interface GeneratorFigures {
  readonly name: string;
  readonly load: LoadMeasurement;
  readonly cpuPercent: number;
  readonly generatorBound: boolean;
}

export interface Agreement {
  /** (autocannon − reference) ÷ reference. */
  readonly rpsDifference: number | null;
  readonly p50DifferenceMs: number;
  readonly p99DifferenceMs: number;
  /** Every check passed. */
  readonly agrees: boolean;
  /** The checks that failed, in words. */
  readonly disagreements: readonly string[];
  /** Why the cell does not count (a generator was saturated), or null. */
  readonly excluded: string | null;
}

const latencyCheck = (label: string, measured: number, reference: number): string | null => {
  const allowed = Math.max(LATENCY_TOLERANCE * reference, LATENCY_TOLERANCE_MS);
  return Math.abs(measured - reference) <= allowed ? null : `${label} ${measured.toFixed(2)} ms vs ${reference.toFixed(2)} ms (allowed ±${allowed.toFixed(2)} ms)`;
};

export const judgeAgreement = (candidate: GeneratorFigures, reference: GeneratorFigures): Agreement => {
  const a = candidate.load;
  const b = reference.load;
  const rpsDifference = b.rps === 0 ? null : (a.rps - b.rps) / b.rps;
  const disagreements = [
    rpsDifference === null || Math.abs(rpsDifference) <= RPS_TOLERANCE ? null : `req/s ${a.rps.toFixed(1)} vs ${b.rps.toFixed(1)} (${(rpsDifference * 100).toFixed(0)}%, allowed ±${RPS_TOLERANCE * 100}%)`,
    latencyCheck('p50', a.latencyMs.p50, b.latencyMs.p50),
    latencyCheck('p99', a.latencyMs.p99, b.latencyMs.p99),
  ].filter((text): text is string => text !== null);
  const saturated = [candidate, reference].filter((g) => g.generatorBound).map((g) => `${g.name} used ${g.cpuPercent.toFixed(0)}% of a core`);
  return {
    rpsDifference,
    p50DifferenceMs: a.latencyMs.p50 - b.latencyMs.p50,
    p99DifferenceMs: a.latencyMs.p99 - b.latencyMs.p99,
    agrees: disagreements.length === 0,
    disagreements,
    excluded: saturated.length > 0 ? `generator-bound: ${saturated.join(', ')}` : null,
  };
};
