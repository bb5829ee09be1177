// The self-benchmark as text: the agreement tally and the ceiling table, for the terminal and for self-benchmark.md.
import type { SelfBenchmark } from '../core/self-benchmark.js';
import { CEILING_RATIO_TARGET } from '../core/self-benchmark.js';
import { formatPercent, formatRps } from './format-values.js';
import { markdownTable } from './markdown.js';
import type { TableData } from './tables.js';
import { AGREEMENT_RULE, describeTally } from './validation.js';

export const ceilingTable = (self: SelfBenchmark): TableData | null =>
  self.ceiling === null
    ? null
    : {
        title: `Ceiling on ${self.ceiling.profile}/${self.ceiling.scenario}: autocannon against ${self.ceiling.reference}`,
        head: ['connections', 'autocannon req/s', `${self.ceiling.reference} req/s`, 'ratio', 'autocannon CPU', `${self.ceiling.reference} CPU`],
        rows: self.ceiling.levels.map((level) => [
          String(level.connections),
          formatRps(level.autocannonRps),
          formatRps(level.referenceRps),
          level.referenceRps === 0 ? '–' : (level.autocannonRps / level.referenceRps).toFixed(2),
          formatPercent(level.autocannonCpuPercent),
          formatPercent(level.referenceCpuPercent),
        ]),
      };

export const describeSelfBenchmark = (self: SelfBenchmark): string[] => [
  `Agreement over the profiles (run ${self.validation.runId}): ${describeTally(self.validation.tally)}`,
  `Rule: ${AGREEMENT_RULE}.`,
  self.ceiling === null
    ? 'Ceiling: not measured (no cell was cross-checked).'
    : `Ceiling (run ${self.ceiling.runId}): autocannon ${formatRps(self.ceiling.autocannonRps)} req/s, ${self.ceiling.reference} ${formatRps(self.ceiling.referenceRps)} req/s: ratio ${self.ceiling.ratio.toFixed(2)} (target ≥ ${CEILING_RATIO_TARGET}${self.ceiling.meetsTarget ? ', met' : ', NOT met'}).`,
  `Pinning: ${self.pinning.note}.`,
];

export const renderSelfBenchmarkMarkdown = (self: SelfBenchmark): string => {
  const table = ceilingTable(self);
  return [
    '# bench self-benchmark',
    '',
    ...describeSelfBenchmark(self).map((line) => `- ${line}`),
    '',
    'The cross-check table of every cell is in the validation run\'s report.md; the ceiling run\'s report.md has each level\'s repeats.',
    ...(table ? ['', `## ${table.title}`, '', 'Each level: the median over interleaved repeats of each generator against the same server; the ceiling is the highest median either reached.', '', markdownTable(table)] : []),
    '',
  ].join('\n');
};
