// The rows every tabular rendering shares (terminal and Markdown), so the two never disagree.
import type { Comparison } from '../core/comparison.js';
import type { Report } from '../core/report.js';
import { isCompleted, type CellResult, type CompletedCell } from '../core/results.js';
import { latencyTimingError } from '../core/generator-bound.js';
import { ranSlowed } from '../core/host-speed.js';
import { MIN_EFFECT, type Summary } from '../core/statistics.js';
import { DASH, formatBytes, formatFailures, formatMs, formatPercent, formatRatio, formatRps } from './format-values.js';

export interface TableData {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const findCell = (results: readonly CellResult[], profile: string, scenario: string, connections: number): CellResult | undefined =>
  results.find((r) => r.profile === profile && r.scenario === scenario && r.connections === connections);

/** "37.8 ±3%": the median and the half-width of its 95% interval, relative to it. */
export const formatWithInterval = (summary: Summary, format: (value: number) => string): string =>
  summary.relativeHalfWidth === null ? format(summary.median) : `${format(summary.median)} ±${Math.min(999, Math.round(summary.relativeHalfWidth * 100))}%`;

/** The marks a cell carries: measurement problems first, then failures. */
export const cellFlags = (cell: CompletedCell): string => {
  const flags = [
    cell.boundViolated ? 'BOUND BROKEN' : '',
    cell.generatorBound ? 'generator-bound' : '',
    // The latency of a cell whose generator's loop ran late: see Measurement problems in report.md.
    !cell.generatorBound && latencyTimingError(cell.latencyMs.p50, cell.repeats) ? 'generator-late latency' : '',
    cell.noisy ? 'noisy' : '',
    cell.repeats.some((repeat) => ranSlowed(repeat) === true) ? 'host-slowed' : '',
  ].filter(Boolean);
  return flags.join(', ');
};

const latencyOrDash = (cell: CompletedCell, pick: (cell: CompletedCell) => number): string => (cell.requests - cell.non2xx > 0 ? formatMs(pick(cell)) : DASH);

const verdictOf = (comparison: Comparison): string => {
  if (comparison.inconclusive) return 'inconclusive';
  if (comparison.rpsDifference.pValue === null) return 'one repeat: untested';
  if (comparison.rpsDifference.significant) return 'significant';
  return comparison.rpsDifference.belowMinEffect ? `under ${MIN_EFFECT * 100}%` : 'within noise';
};

/** One table per production profile: each of its cells beside the same cell on its dev-mode counterpart. */
export const comparisonTables = (report: Report): TableData[] => {
  const groups = new Map<string, Comparison[]>();
  for (const comparison of report.comparisons) {
    const key = `${comparison.profile} vs ${comparison.counterpart}`;
    groups.set(key, [...(groups.get(key) ?? []), comparison]);
  }
  return [...groups.entries()].map(([title, comparisons]) => {
    const { profile, counterpart } = comparisons[0]!;
    return {
      title,
      head: ['cell', `${counterpart} req/s`, `${profile} req/s`, 'ratio', 'difference', `${counterpart} p99`, `${profile} p99`, `${profile} failures`],
      rows: comparisons.map((c) => {
        const mine = findCell(report.results, profile, c.scenario, c.connections) as CompletedCell;
        const theirs = findCell(report.results, counterpart, c.scenario, c.connections) as CompletedCell;
        return [
          `${c.scenario}@${c.connections}`,
          formatWithInterval(theirs.stats.rps, formatRps),
          formatWithInterval(mine.stats.rps, formatRps),
          formatRatio(c.rps.ratio),
          verdictOf(c),
          latencyOrDash(theirs, (cell) => cell.latencyMs.p99),
          latencyOrDash(mine, (cell) => cell.latencyMs.p99),
          formatFailures(mine),
        ];
      }),
    };
  });
};

/** Every cell of the run with its figures. */
export const resultsTable = (report: Report): TableData => ({
  title: 'All cells',
  head: ['profile', 'cell', 'req/s', 'bound', 'p50', 'p90', 'p99', 'max', 'failures', 'server RSS', 'server CPU', 'marks'],
  rows: report.results.map((cell) =>
    isCompleted(cell)
      ? [
          cell.profile,
          `${cell.scenario}@${cell.connections}`,
          formatWithInterval(cell.stats.rps, formatRps),
          cell.bound.maxRps === null ? DASH : `≤ ${formatRps(cell.bound.maxRps)}`,
          latencyOrDash(cell, (c) => c.latencyMs.p50),
          latencyOrDash(cell, (c) => c.latencyMs.p90),
          latencyOrDash(cell, (c) => c.latencyMs.p99),
          latencyOrDash(cell, (c) => c.latencyMs.max),
          formatFailures(cell),
          formatBytes(cell.rssBytes),
          formatPercent(cell.cpuPercent),
          cellFlags(cell),
        ]
      : [cell.profile, `${cell.scenario}@${cell.connections}`, 'failed', '', '', '', '', '', cell.error.split('\n')[0] ?? '', '', '', ''],
  ),
});
