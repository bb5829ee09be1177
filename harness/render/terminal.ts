// The report as the terminal shows it at the end of a run: comparison tables, or every cell when there is
// nothing to compare; with a cross-check, its table and verdict.
import Table from 'cli-table3';
import type { Report } from '../core/report.js';
import { comparisonTables, resultsTable, type TableData } from './tables.js';
import { validationView } from './validation.js';
import { claimsReasons, claimsTable, claimsTally, memoryTable } from './claims-table.js';

export const renderTableText = (table: TableData, color: boolean): string => {
  const output = new Table({ head: [...table.head], style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] } });
  output.push(...table.rows.map((row) => [...row]));
  return `${table.title}\n${output.toString()}`;
};

/** How far a run that did not complete got: cells measured, failed, and never begun (planned but not in results). */
const statusLine = (report: Report): string => {
  if (report.status === 'completed') return '';
  const planned = Math.max(report.method.plannedCells ?? report.results.length, report.results.length);
  const failed = report.results.filter((r) => r.status === 'failed').length;
  const notStarted = planned - report.results.length;
  return `\nRun ${report.status}: ${report.results.length - failed} of ${planned} cells measured${failed > 0 ? `, ${failed} failed or cut short` : ''}${notStarted > 0 ? `, ${notStarted} not begun` : ''}.`;
};

const validationBlock = (report: Report, color: boolean): string[] => {
  const { table, verdict } = validationView(report);
  return table ? [`${renderTableText(table, color)}\n${verdict}`] : [];
};

/** The claims the run covered: the table, the tally, and why each verdict. */
export const claimsBlock = (report: Report, color: boolean): string[] =>
  report.claims && report.claims.length > 0 ? [`${renderTableText(claimsTable(report.claims, { reasons: false }), color)}\n${claimsTally(report.claims)}\n\n${claimsReasons(report.claims)}`] : [];

export const renderTerminal = (report: Report, options: { readonly color: boolean }): string => {
  const comparisons = comparisonTables(report);
  const tables = (comparisons.length > 0 ? comparisons : [resultsTable(report)]).map((table) => renderTableText(table, options.color));
  return [...tables, ...validationBlock(report, options.color), ...claimsBlock(report, options.color)].join('\n\n') + statusLine(report);
};

/** `bench claims`: the claims table alone. */
export const renderClaimsTerminal = (report: Report, options: { readonly color: boolean }): string =>
  [claimsBlock(report, options.color)[0] ?? 'No claim was judged.', ...(report.memory && report.memory.length > 0 ? [renderTableText(memoryTable(report.memory), options.color)] : [])].join('\n\n') + statusLine(report);

/** `bench validate`: the cross-check alone. */
export const renderValidationTerminal = (report: Report, options: { readonly color: boolean }): string =>
  (validationBlock(report, options.color)[0] ?? validationView(report).verdict) + statusLine(report);
