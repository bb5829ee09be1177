// The report as the terminal shows it at the end of a run: comparison tables, or every cell when there is
// nothing to compare.
import Table from 'cli-table3';
import type { Report } from '../core/report.js';
import { crossCheckTable } from './cross-check-table.js';
import { comparisonTables, resultsTable, type TableData } from './tables.js';

const renderTable = (table: TableData, color: boolean): string => {
  const output = new Table({ head: [...table.head], style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] } });
  output.push(...table.rows.map((row) => [...row]));
  return `${table.title}\n${output.toString()}`;
};

export const renderTerminal = (report: Report, options: { readonly color: boolean }): string => {
  const comparisons = comparisonTables(report);
  const crossCheck = crossCheckTable(report);
  const tables = [...(comparisons.length > 0 ? comparisons : [resultsTable(report)]), ...(crossCheck ? [crossCheck] : [])];
  const status = report.status === 'completed' ? '' : `\nRun ${report.status}: ${report.results.filter((r) => r.status === 'failed').length} of ${report.results.length} cells failed or were not measured.`;
  return tables.map((table) => renderTable(table, options.color)).join('\n\n') + status;
};
