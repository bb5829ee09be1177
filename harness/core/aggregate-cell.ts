// A cell's repeats folded into its figures and verdicts: pure.
import { checkBound, type CellBound } from './bounds.js';
import type { CellSpec } from './plan.js';
import type { CompletedCell, LatencyMs, RepeatMeasurement } from './results.js';
import { summarize } from './statistics.js';

/** A generator above this share of one core was the bottleneck (autocannon and wrk -t1 each use one). */
export const GENERATOR_BOUND_CPU_PERCENT = 85;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

const medianLatency = (repeats: readonly RepeatMeasurement[]): LatencyMs => ({
  min: Math.min(...repeats.map((r) => r.latencyMs.min)),
  mean: median(repeats.map((r) => r.latencyMs.mean)),
  p50: median(repeats.map((r) => r.latencyMs.p50)),
  p90: median(repeats.map((r) => r.latencyMs.p90)),
  p99: median(repeats.map((r) => r.latencyMs.p99)),
  max: Math.max(...repeats.map((r) => r.latencyMs.max)),
});

const mergeCounts = (repeats: readonly RepeatMeasurement[]): Record<string, number> => {
  const merged: Record<string, number> = {};
  for (const repeat of repeats) for (const [code, count] of Object.entries(repeat.statusCodes)) merged[code] = (merged[code] ?? 0) + count;
  return merged;
};

export const aggregateCell = (spec: CellSpec, repeats: readonly RepeatMeasurement[], bound: CellBound): CompletedCell => {
  if (repeats.length === 0) throw new RangeError(`${spec.id}: no repeat to aggregate`);
  const rps = summarize(repeats.map((r) => r.rps));
  const latencyP99Ms = summarize(repeats.map((r) => r.latencyMs.p99));
  const figures = { rps: rps.median, latencyMs: medianLatency(repeats) };
  const requests = sum(repeats.map((r) => r.requests));
  const check = checkBound(bound, { ...figures, okRps: median(repeats.map((r) => r.okRps)) }, requests);
  const generatorCpu = Math.max(...repeats.map((r) => r.generator.cpuPercent));
  return {
    ...spec,
    status: 'completed',
    durationSec: sum(repeats.map((r) => r.durationSec)),
    requests,
    rps: rps.median,
    okRps: median(repeats.map((r) => r.okRps)),
    latencyMs: figures.latencyMs,
    errors: sum(repeats.map((r) => r.errors)),
    timeouts: sum(repeats.map((r) => r.timeouts)),
    non2xx: sum(repeats.map((r) => r.non2xx)),
    statusCodes: mergeCounts(repeats),
    rssBytes: Math.max(...repeats.map((r) => r.rssBytes)),
    rssBytesMean: median(repeats.map((r) => r.rssBytesMean)),
    cpuPercent: median(repeats.map((r) => r.cpuPercent)),
    cpuPercentPeak: Math.max(...repeats.map((r) => r.cpuPercentPeak)),
    processCount: Math.max(...repeats.map((r) => r.processCount)),
    samples: sum(repeats.map((r) => r.samples)),
    repeats,
    stats: { rps, latencyP99Ms },
    noisy: rps.noisy || latencyP99Ms.noisy,
    bound,
    boundViolated: check.violated,
    boundReason: check.reason,
    generatorBound: generatorCpu >= GENERATOR_BOUND_CPU_PERCENT,
    generator: { name: repeats[0]!.generator.name, cpuPercent: generatorCpu },
  };
};

