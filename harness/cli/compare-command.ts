// `bench compare A B`: two reports, cell by cell, with whether each change is more than noise.
import type { Argv } from 'yargs';
import { compareReports } from '../core/compare-reports.js';
import { readReport } from '../report/read-report.js';
import { compareFooter, compareTable, renderCompareMarkdown } from '../render/compare.js';
import { renderTableText } from '../render/terminal.js';
import { EXIT_OK } from './exit-codes.js';

export const describeCompareOptions = (yargs: Argv) =>
  yargs
    .positional('before', { type: 'string', describe: 'the earlier report: a run directory or its report.json' })
    .positional('after', { type: 'string', describe: 'the later report' })
    .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON' })
    .option('markdown', { type: 'boolean', default: false, describe: 'print the comparison as Markdown' })
    .example('$0 compare reports/main reports/latest', 'what changed from one run to the next')
    .example('$0 compare a/report.json b/report.json --markdown >> $GITHUB_STEP_SUMMARY', 'as Markdown, for a CI summary')
    .epilogue('Exit codes: 0 compared (whatever changed: use bench gate to fail a build); 2 bad input.');

type CompareArgs = Awaited<ReturnType<typeof describeCompareOptions>['argv']>;

export const compareCommand = (args: CompareArgs): number => {
  const comparison = compareReports(readReport(String(args.before), 'before'), readReport(String(args.after), 'after'));
  if (args.json) process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
  else if (args.markdown) process.stdout.write(renderCompareMarkdown(comparison));
  else {
    const table = comparison.cells.length > 0 ? renderTableText(compareTable(comparison), process.stdout.isTTY === true) : 'The two reports have no cell in common.';
    process.stdout.write(`${table}\n${compareFooter(comparison)}\n`);
  }
  return EXIT_OK;
};
