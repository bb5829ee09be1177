// A cell's repeats folded into its figures and verdicts: pure.
import { checkBound, type CellBound } from './bounds.js';
import { whyGeneratorBound, type GeneratorContext } from './generator-bound.js';
import type { CellSpec } from './plan.js';
import type { CompletedCell, LatencyMs, RepeatMeasurement } from './results.js';
import { summarize } from './statistics.js';

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

const medianLatency = (latencies: readonly LatencyMs[]): LatencyMs => ({
  min: Math.min(...latencies.map((l) => l.min)),
  mean: median(latencies.map((l) => l.mean)),
  p50: median(latencies.map((l) => l.p50)),
  p90: median(latencies.map((l) => l.p90)),
  p99: median(latencies.map((l) => l.p99)),
  max: Math.max(...latencies.map((l) => l.max)),
});

const mergeCounts = (repeats: readonly RepeatMeasurement[]): Record<string, number> => {
  const merged: Record<string, number> = {};
  for (const repeat of repeats) for (const [code, count] of Object.entries(repeat.statusCodes)) merged[code] = (merged[code] ?? 0) + count;
  return merged;
};

/** The machine a cell ran on, for judging whether the generator set its pace. */
export type MachineContext = Pick<GeneratorContext, 'cores' | 'pinned'>;

export const aggregateCell = (spec: CellSpec, repeats: readonly RepeatMeasurement[], bound: CellBound, machine: MachineContext): CompletedCell => {
  if (repeats.length === 0) throw new RangeError(`${spec.id}: no repeat to aggregate`);
  const rps = summarize(repeats.map((r) => r.rps));
  const latencyP99Ms = summarize(repeats.map((r) => r.latencyMs.p99));
  const figures = { rps: rps.median, latencyMs: medianLatency(repeats.map((r) => r.latencyMs)) };
  const requests = sum(repeats.map((r) => r.requests));
  const check = checkBound(bound, { ...figures, okRps: median(repeats.map((r) => r.okRps)) }, requests);
  const delays = repeats.flatMap((r) => (r.generator.eventLoopDelayMs ? [r.generator.eventLoopDelayMs] : []));
  const generator = {
    name: repeats[0]!.generator.name,
    cpuPercent: Math.max(...repeats.map((r) => r.generator.cpuPercent)),
    ...(delays.length > 0 ? { eventLoopDelayMs: { p99: Math.max(...delays.map((d) => d.p99)), max: Math.max(...delays.map((d) => d.max)) } } : {}),
  };
  // Judged repeat by repeat: the server's and the generator's CPU of the same stretch of time.
  const generatorReason =
    repeats.map((r) => whyGeneratorBound(r.generator, { ...machine, connections: spec.connections, serverCpuPercent: r.cpuPercent })).find((reason) => reason !== null) ?? null;
  return {
    ...spec,
    status: 'completed',
    durationSec: sum(repeats.map((r) => r.durationSec)),
    requests,
    rps: rps.median,
    okRps: median(repeats.map((r) => r.okRps)),
    latencyMs: figures.latencyMs,
    latencyAnyMs: medianLatency(repeats.map((r) => r.latencyAnyMs)),
    errors: sum(repeats.map((r) => r.errors)),
    timeouts: sum(repeats.map((r) => r.timeouts)),
    non2xx: sum(repeats.map((r) => r.non2xx)),
    ...(repeats.every((r) => r.connectionsAnswered !== undefined) ? { connectionsAnswered: Math.min(...repeats.map((r) => r.connectionsAnswered!)) } : {}),
    ...(repeats.some((r) => r.wrkCorrectionRemoved !== undefined) ? { wrkCorrectionRemoved: sum(repeats.map((r) => r.wrkCorrectionRemoved ?? 0)) } : {}),
    statusCodes: mergeCounts(repeats),
    rssBytes: Math.max(...repeats.map((r) => r.rssBytes)),
    rssBytesMean: median(repeats.map((r) => r.rssBytesMean)),
    cpuPercent: median(repeats.map((r) => r.cpuPercent)),
    cpuPercentPeak: Math.max(...repeats.map((r) => r.cpuPercentPeak)),
    processCount: Math.max(...repeats.map((r) => r.processCount)),
    ...(repeats.every((r) => r.machineCpuPercent !== undefined) ? { machineCpuPercent: median(repeats.map((r) => r.machineCpuPercent!)) } : {}),
    samples: sum(repeats.map((r) => r.samples)),
    repeats,
    stats: { rps, latencyP99Ms },
    noisy: rps.noisy || latencyP99Ms.noisy,
    bound,
    boundViolated: check.violated,
    boundReason: check.reason,
    generatorBound: generatorReason !== null,
    generatorBoundReason: generatorReason,
    generator,
  };
};

