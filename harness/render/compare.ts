// What `bench compare` shows: each cell's change from the first report to the second, in one table the terminal
// and Markdown share.
import type { MetricChange, ReportComparison } from '../core/compare-reports.js';
import { MIN_EFFECT } from '../core/statistics.js';
import { DASH, formatMs, formatRps } from './format-values.js';
import { markdownTable } from './markdown.js';
import type { TableData } from './tables.js';

const formatChange = (change: number | null): string => (change === null ? DASH : `${change >= 0 ? '+' : '−'}${Math.abs(change * 100).toFixed(1)}%`);

/** "significant (p = 0.003)", "within noise (p = 0.41)", "under 2%", or why it was not tested. */
export const significanceText = (metric: MetricChange): string => {
  const { pValue, significant, belowMinEffect } = metric.difference;
  if (pValue === null) return 'untested: one repeat';
  const p = `p = ${pValue < 0.001 ? '< 0.001' : pValue.toFixed(3)}`;
  if (significant) return `significant (${p})`;
  return belowMinEffect ? `under ${MIN_EFFECT * 100}% (${p})` : `within noise (${p})`;
};

export const compareTable = (comparison: ReportComparison): TableData => ({
  title: `${comparison.before.runId} → ${comparison.after.runId}`,
  head: ['cell', 'req/s before', 'req/s after', 'change', 'req/s difference', 'p99 before', 'p99 after', 'change', 'p99 difference', 'note'],
  rows: comparison.cells.map((cell) => {
    if (cell.error !== null) return [cell.cell, DASH, DASH, DASH, DASH, DASH, DASH, DASH, DASH, `not measured: ${cell.error}`];
    const rps = cell.rps!;
    const p99 = cell.latencyP99Ms;
    return [
      cell.cell,
      formatRps(rps.before),
      formatRps(rps.after),
      formatChange(rps.change),
      significanceText(rps),
      p99 ? formatMs(p99.before) : DASH,
      p99 ? formatMs(p99.after) : DASH,
      p99 ? formatChange(p99.change) : DASH,
      p99 ? significanceText(p99) : 'no 2xx answer',
      cell.caveat ?? '',
    ];
  }),
});

const unmatched = (comparison: ReportComparison): string[] => [
  ...(comparison.onlyBefore.length > 0 ? [`Only in ${comparison.before.runId}: ${comparison.onlyBefore.join(', ')}.`] : []),
  ...(comparison.onlyAfter.length > 0 ? [`Only in ${comparison.after.runId}: ${comparison.onlyAfter.join(', ')}.`] : []),
];

export const COMPARE_METHOD = `Each change is of the medians over repeats; a difference is significant when Welch's t-test over the two reports' repeats gives p < 0.05 and the means differ by ${MIN_EFFECT * 100}% or more. A note marks a cell whose figures cannot carry a conclusion (noisy, generator-bound, or past its bound) on either side.`;

export const renderCompareMarkdown = (comparison: ReportComparison): string =>
  [
    `# bench compare: ${comparison.before.runId} → ${comparison.after.runId}`,
    '',
    `Before: \`${comparison.before.command.join(' ')}\` (commit ${comparison.before.gitCommit ?? 'unknown'}); after: \`${comparison.after.command.join(' ')}\` (commit ${comparison.after.gitCommit ?? 'unknown'}).`,
    '',
    comparison.cells.length > 0 ? markdownTable(compareTable(comparison)) : 'The two reports have no cell in common.',
    '',
    ...unmatched(comparison).map((line) => `${line}\n`),
    COMPARE_METHOD,
    '',
  ].join('\n');

export const compareFooter = (comparison: ReportComparison): string => [...unmatched(comparison), COMPARE_METHOD].join('\n');
