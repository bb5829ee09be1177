// `bench compare A B`: two reports, cell by cell — the change in requests/s and p99 from A to B, and whether it is
// more than noise (Welch's test over the repeats, as between profiles in a run). Pure.
import type { Report } from './report.js';
import { isCompleted, type CompletedCell } from './results.js';
import { compareSamples, ratioInterval, type Difference } from './statistics.js';

export interface MetricChange {
  readonly before: number;
  readonly after: number;
  /** after ÷ before − 1 (of the medians, as the reports show them); null when before is 0. */
  readonly change: number | null;
  /** 95% interval of after ÷ before (of the means), null with fewer than 2 repeats on a side. */
  readonly ratioInterval: readonly [number, number] | null;
  readonly difference: Difference;
}

export interface CellChange {
  readonly cell: string;
  readonly rps: MetricChange | null;
  readonly latencyP99Ms: MetricChange | null;
  /** Marks on either side's figures that keep them from carrying a conclusion ("after: generator-bound"), or null. */
  readonly caveat: string | null;
  /** A side that was not measured: its error. */
  readonly error: string | null;
}

export interface ReportComparison {
  readonly before: { readonly runId: string; readonly command: readonly string[]; readonly gitCommit: string | null };
  readonly after: { readonly runId: string; readonly command: readonly string[]; readonly gitCommit: string | null };
  readonly cells: readonly CellChange[];
  readonly onlyBefore: readonly string[];
  readonly onlyAfter: readonly string[];
}

const metricChange = (before: CompletedCell, after: CompletedCell, pick: (cell: CompletedCell | CompletedCell['repeats'][number]) => number): MetricChange => {
  const [a, b] = [before.repeats.map(pick), after.repeats.map(pick)];
  const [valueBefore, valueAfter] = [pick(before), pick(after)];
  return {
    before: valueBefore,
    after: valueAfter,
    change: valueBefore === 0 ? null : valueAfter / valueBefore - 1,
    ratioInterval: ratioInterval(b, a).interval,
    difference: compareSamples(b, a),
  };
};

const marks = (cell: CompletedCell): string[] => [cell.boundViolated ? 'bound broken' : '', cell.generatorBound ? 'generator-bound' : '', cell.noisy ? 'noisy' : ''].filter(Boolean);

const caveatOf = (before: CompletedCell, after: CompletedCell): string | null => {
  const sides = [['before', marks(before)], ['after', marks(after)]] as const;
  const text = sides.filter(([, list]) => list.length > 0).map(([side, list]) => `${side}: ${list.join(', ')}`);
  return text.length > 0 ? text.join('; ') : null;
};

const hasLatency = (cell: CompletedCell): boolean => cell.requests - cell.non2xx > 0;

export const compareReports = (before: Report, after: Report): ReportComparison => {
  const idsBefore = new Map(before.results.map((cell) => [cell.id, cell]));
  const idsAfter = new Set(after.results.map((cell) => cell.id));
  const cells = after.results.flatMap((cellAfter): CellChange[] => {
    const cellBefore = idsBefore.get(cellAfter.id);
    if (!cellBefore) return [];
    if (!isCompleted(cellBefore) || !isCompleted(cellAfter)) {
      const failed = !isCompleted(cellBefore) ? `before: ${cellBefore.error}` : `after: ${(cellAfter as { error: string }).error}`;
      return [{ cell: cellAfter.id, rps: null, latencyP99Ms: null, caveat: null, error: failed.split('\n')[0] ?? failed }];
    }
    return [
      {
        cell: cellAfter.id,
        rps: metricChange(cellBefore, cellAfter, (cell) => cell.rps),
        latencyP99Ms: hasLatency(cellBefore) && hasLatency(cellAfter) ? metricChange(cellBefore, cellAfter, (cell) => cell.latencyMs.p99) : null,
        caveat: caveatOf(cellBefore, cellAfter),
        error: null,
      },
    ];
  });
  const describe = (report: Report) => ({ runId: report.runId, command: report.command, gitCommit: report.environment?.bench?.gitCommit ?? null });
  return {
    before: describe(before),
    after: describe(after),
    cells,
    onlyBefore: before.results.map((cell) => cell.id).filter((id) => !idsAfter.has(id)),
    onlyAfter: after.results.map((cell) => cell.id).filter((id) => !idsBefore.has(id)),
  };
};
