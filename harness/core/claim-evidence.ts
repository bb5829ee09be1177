// The figure each claim's test measured, read from the run's cells and probes, with what would make it unable to
// carry a verdict. Pure.
import { median } from 'simple-statistics';
import type { CellMetric, Claim, ClaimTest } from './claims-schema.js';
import type { ClaimEvidence, MissingEvidence } from './claim-verdict.js';
import { judgedWorkers, probeOf, sweepVariant, variantName } from './claim-plan.js';
import { cellId } from './plan.js';
import { compareSamples } from './statistics.js';
import { probeKey, type ProbeResult, type ProbeSpec } from './probe-spec.js';
import type { Profile } from './profile-schema.js';
import type { CellResult, CompletedCell, LoadMeasurement } from './results.js';
import { buildScenario } from './scenarios.js';

/** Both generators count a timeout among their errors too (LoadMeasurement.errors). */
const failedShareOf = (load: LoadMeasurement): number => {
  const failed = load.errors + load.non2xx;
  const attempts = load.requests + load.errors;
  return attempts === 0 ? 0 : failed / attempts;
};

/** The metric on one repeat (or a cell's flat figures). */
const metricOf = (metric: CellMetric, load: LoadMeasurement & { readonly rssBytes?: number; readonly cpuPercent?: number }, cell: CompletedCell): number | null => {
  switch (metric) {
    case 'rps':
      return load.rps;
    case 'okRps':
      return load.okRps;
    case 'p50':
      return load.latencyMs.p50;
    case 'p99':
      return load.latencyMs.p99;
    case 'failedShare':
      return failedShareOf(load);
    case 'concurrency':
      return (load.okRps * buildScenario(cell.scenario).floorMs) / 1000;
    case 'servedConnections':
      return load.connectionsAnswered ?? null;
    case 'rssMB':
      return load.rssBytes === undefined ? null : load.rssBytes / 1e6;
    case 'cpuPercent':
      return load.cpuPercent ?? null;
  }
};

/** Why a cell cannot carry a verdict, if it cannot. Noise is judged against the claim instead: a verdict needs
 * every repeat on the same side of the claimed figure (see claim-verdict.ts). */
const doubtsOf = (cell: CompletedCell, _metric: CellMetric): string[] => [
  ...(cell.generatorBound ? [`${cell.id} was generator-bound (${cell.generatorBoundReason})`] : []),
  ...(cell.boundViolated ? [`${cell.id} broke its bound, a measurement error (${cell.boundReason})`] : []),
];

/** A generator-bound cell's requests/s is a floor of the server's: the generator, not the server, stopped there. */
const floorOnly = (cell: CompletedCell, metric: CellMetric): boolean => cell.generatorBound && !cell.boundViolated && (metric === 'rps' || metric === 'okRps');

interface Reading {
  readonly value: number;
  readonly values: readonly number[];
  readonly cell: CompletedCell;
}

type Lookup = (id: string) => CellResult | undefined;

const read = (ref: { readonly profile: string; readonly settings?: Readonly<Record<string, unknown>> | undefined; readonly scenario: string; readonly connections: number }, metric: CellMetric, lookup: Lookup): Reading | MissingEvidence => {
  const id = cellId(variantName(ref.profile, ref.settings), ref.scenario, ref.connections);
  const cell = lookup(id);
  if (!cell) return { missing: `${id} was not measured` };
  if (cell.status !== 'completed') return { missing: `${id} failed: ${cell.error}` };
  const values = cell.repeats.map((repeat) => metricOf(metric, repeat, cell)).filter((value): value is number => value !== null);
  if (values.length === 0) return { missing: `${id}: ${metric} was not recorded` };
  return { value: median([...values]), values, cell };
};

const rangeOf = (values: readonly number[]): readonly [number, number] | null => (values.length < 2 ? null : [Math.min(...values), Math.max(...values)]);

const fromProbe = (result: ProbeResult | undefined, what: string): ClaimEvidence | MissingEvidence => {
  if (!result) return { missing: `${what} was not measured` };
  if (result.value === null) return { missing: `${what} could not be measured: ${result.error ?? 'no figure'}` };
  const note = typeof result.details['note'] === 'string' ? (result.details['note'] as string) : undefined;
  return { value: result.value, range: result.range ?? null, sources: [what], doubts: [], ...(note ? { note } : {}) };
};

/** What the concurrent-users claims report beside their figure: how many connections were served, at what
 * latency, with how many failures and refusals (the cell's repeats together; served = the fewest of a repeat). */
export const usersNote = (cell: CompletedCell): string => {
  const served = cell.connectionsAnswered === undefined ? '' : `${cell.connectionsAnswered} of ${cell.connections} connections served; `;
  const attempts = cell.requests + cell.errors;
  return `${served}p50 ${formatMs(cell.latencyMs.p50)}, p99 ${formatMs(cell.latencyMs.p99)}; of ${attempts} requests ${cell.errors - cell.timeouts} errors, ${cell.timeouts} timeouts, ${cell.non2xx} refused (non-2xx)`;
};

const formatMs = (ms: number): string => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;

/** What a probe's figure is called in a missing-evidence reason. */
const probeWhat = (test: ClaimTest): string => {
  switch (test.shape) {
    case 'memory':
      return 'idle memory';
    case 'startup':
      return 'start-up';
    case 'idle':
      return 'idle connection';
    case 'probe':
      return `${test.paths.join(' and ')} under ${test.scenario}@${test.connections}`;
    case 'recycle':
      return 'worker recycling';
    case 'crash':
      return `worker crash under ${test.scenario}@${test.connections}`;
    case 'shutdown':
      return `shutdown with ${test.requests} request(s) in flight`;
    default:
      return test.shape;
  }
};

/** The evidence for a claim from the run's cells and probes, or why there is none. */
export interface EvidenceContext {
  readonly catalog: ReadonlyMap<string, Profile>;
  readonly cores: number;
}

export const claimEvidence = (claim: Claim, cells: readonly CellResult[], probes: readonly ProbeResult[], context: EvidenceContext): ClaimEvidence | MissingEvidence | null => {
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const lookup: Lookup = (id) => byId.get(id);
  const probe = (ref: { readonly profile: string; readonly settings?: Readonly<Record<string, unknown>> | undefined }, spec: ProbeSpec): ProbeResult | undefined => {
    const profile = variantName(ref.profile, ref.settings);
    return probes.find((result) => result.profile === profile && result.key === probeKey(spec));
  };
  const { test } = claim;
  switch (test.shape) {
    case 'unmeasured':
      return null;
    case 'cell': {
      const reading = read({ ...test.cell }, test.metric, lookup);
      if ('missing' in reading) return reading;
      const note = test.cell.scenario === 'mix' || test.metric === 'servedConnections' ? { note: usersNote(reading.cell) } : {};
      if (floorOnly(reading.cell, test.metric)) {
        return { value: reading.value, range: rangeOf(reading.values), sources: [reading.cell.id], doubts: [], failedShare: failedShareOf(reading.cell), floor: `${reading.cell.id} was generator-bound (${reading.cell.generatorBoundReason}): the server's own figure is at least this`, ...note };
      }
      return { value: reading.value, range: rangeOf(reading.values), sources: [reading.cell.id], doubts: doubtsOf(reading.cell, test.metric), failedShare: failedShareOf(reading.cell), ...note };
    }
    case 'ratio': {
      const of = read({ ...test.of.cell }, test.of.metric, lookup);
      const to = read({ ...test.to.cell }, test.to.metric, lookup);
      if ('missing' in of) return of;
      if ('missing' in to) return to;
      if (to.value === 0) return { missing: `${to.cell.id}: ${test.to.metric} was 0, no ratio` };
      const lowest = Math.min(...to.values);
      const range: readonly [number, number] | null = of.values.length < 2 && to.values.length < 2 ? null : [Math.min(...of.values) / Math.max(...to.values), lowest === 0 ? Number.POSITIVE_INFINITY : Math.max(...of.values) / lowest];
      return {
        value: of.value / to.value,
        range,
        sources: [of.cell.id, to.cell.id],
        doubts: [...doubtsOf(of.cell, test.of.metric), ...doubtsOf(to.cell, test.to.metric)],
        failedShare: Math.max(failedShareOf(of.cell), failedShareOf(to.cell)),
      };
    }
    case 'sweep': {
      const judged = judgedWorkers(test, context.catalog, context.cores);
      const pattern = new RegExp(`^${test.profile.profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\(workers=(\\d+)\\)/${test.scenario}@${test.connections}$`);
      const counts = cells.flatMap((cell) => {
        const match = pattern.exec(cell.id);
        return match ? [Number(match[1])] : [];
      });
      const readings = [...new Set(counts)].sort((a, b) => a - b).map((workers) => ({ workers, reading: read({ ...sweepVariant(test.profile.profile, workers), scenario: test.scenario, connections: test.connections }, 'okRps', lookup) }));
      const measured = readings.flatMap(({ workers, reading }) => ('missing' in reading ? [] : [{ workers, reading }]));
      const mine = measured.find((entry) => entry.workers === judged);
      if (!mine) return { missing: `the sweep did not measure ${judged} workers` };
      const best = measured.reduce((top, entry) => (entry.reading.value > top.reading.value ? entry : top));
      // The best of many noisy counts reads high by chance: the judged count falls short of it only where Welch's
      // test over the two cells' repeats says so, at 0.05 shared among the counts it was picked from (Bonferroni:
      // with 9 counts, one of 8 others beats the judged one at p < 0.05 far more often than 1 time in 20). Then
      // the median ratio decides, without a range to straddle.
      const difference = compareSamples(mine.reading.values, best.reading.values);
      const alpha = 0.05 / Math.max(1, measured.length - 1);
      const fallsShort = difference.pValue !== null && difference.pValue < alpha && difference.belowMinEffect !== true;
      const value = mine.reading.value / best.reading.value;
      return {
        value,
        range: null,
        ...(best.workers !== judged && difference.pValue !== null && !fallsShort ? { equivalent: { reason: `${judged} workers are not significantly below the best count, ${best.workers} (Welch p = ${difference.pValue.toFixed(3)} over the repeats, against ${alpha.toFixed(4)} for the best of ${measured.length} counts)`, value: 1 } } : {}),
        sources: measured.map((entry) => entry.reading.cell.id),
        doubts: [
          ...new Set([...doubtsOf(mine.reading.cell, 'okRps'), ...doubtsOf(best.reading.cell, 'okRps')]),
          ...(best.workers !== judged && difference.pValue === null ? [`one repeat per worker count (--quick): too few to tell ${judged} workers from the best, ${best.workers}`] : []),
        ],
        note: `req/s (p99) by workers: ${measured.map((entry) => `${entry.workers}: ${Math.round(entry.reading.value)} (${Math.round(entry.reading.cell.latencyMs.p99)} ms)`).join(', ')}; best ${best.workers}, judged ${judged}${readings.length > measured.length ? `; ${readings.length - measured.length} counts failed` : ''}`,
      };
    }
    case 'colleagues': {
      const spec = probeOf(test)!;
      const mine = fromProbe(probe(test.profile, spec), `${variantName(test.profile.profile, test.profile.settings)} colleagues`);
      const theirs = fromProbe(probe(test.against, spec), `${variantName(test.against.profile, test.against.settings)} colleagues`);
      if ('missing' in mine) return mine;
      if ('missing' in theirs) return theirs;
      return { value: theirs.value / mine.value, range: null, sources: [...theirs.sources, ...mine.sources], doubts: [], note: `makespan ${theirs.value.toFixed(2)} s on ${variantName(test.against.profile, test.against.settings)}, ${mine.value.toFixed(2)} s on ${variantName(test.profile.profile, test.profile.settings)}` };
    }
    case 'reload': {
      const found = probe(test.profile, probeOf(test)!);
      const what = `${variantName(test.profile.profile, test.profile.settings)} reload under ${test.scenario}@${test.connections}`;
      if (test.measure !== 'failed' || !found) return fromProbe(found, what);
      const failed = found.details['failedRequests'];
      if (typeof failed !== 'number') return { missing: `${what}: the failed requests were not counted${found.error ? ` (${found.error})` : ''}` };
      return fromProbe({ ...found, value: failed, range: undefined }, what);
    }
    case 'memory':
    case 'startup':
    case 'idle':
    case 'probe':
    case 'recycle':
    case 'crash':
    case 'shutdown':
      return fromProbe(probe(test.profile, probeOf(test)!), `${variantName(test.profile.profile, test.profile.settings)} ${probeWhat(test)}`);
  }
};
