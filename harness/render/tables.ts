// The rows every tabular rendering shares (terminal and Markdown), so the two never disagree.
import type { Comparison } from '../core/comparison.js';
import type { Report } from '../core/report.js';
import { isCompleted, type CellResult } from '../core/results.js';
import { formatBytes, formatFailures, formatMs, formatPercent, formatRatio, formatRps } from './format-values.js';

export interface TableData {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const failuresOf = (results: readonly CellResult[], profile: string, scenario: string, connections: number): string => {
  const cell = results.find((r) => r.profile === profile && r.scenario === scenario && r.connections === connections);
  return cell && isCompleted(cell) ? formatFailures(cell) : 'failed';
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
      head: ['cell', `${counterpart} req/s`, `${profile} req/s`, 'ratio', `${counterpart} p99`, `${profile} p99`, `${profile} failures`],
      rows: comparisons.map((c) => [
        `${c.scenario}@${c.connections}`,
        formatRps(c.rps.counterpart),
        formatRps(c.rps.profile),
        formatRatio(c.rps.ratio),
        formatMs(c.latencyP99Ms.counterpart),
        formatMs(c.latencyP99Ms.profile),
        failuresOf(report.results, profile, c.scenario, c.connections),
      ]),
    };
  });
};

/** Every cell of the run with its figures. */
export const resultsTable = (report: Report): TableData => ({
  title: 'All cells',
  head: ['profile', 'cell', 'req/s', 'p50', 'p90', 'p99', 'max', 'failures', 'server RSS', 'server CPU'],
  rows: report.results.map((cell) =>
    isCompleted(cell)
      ? [cell.profile, `${cell.scenario}@${cell.connections}`, formatRps(cell.rps), formatMs(cell.latencyMs.p50), formatMs(cell.latencyMs.p90), formatMs(cell.latencyMs.p99), formatMs(cell.latencyMs.max), formatFailures(cell), formatBytes(cell.rssBytes), formatPercent(cell.cpuPercent)]
      : [cell.profile, `${cell.scenario}@${cell.connections}`, 'failed', '', '', '', '', cell.error.split('\n')[0] ?? '', '', ''],
  ),
});
