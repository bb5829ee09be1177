// The self-benchmark as text: the agreement tally and the ceiling table, for the terminal and for self-benchmark.md.
import { CEILING_RATIO_TARGET, type Ceiling, type SelfBenchmark } from '../core/self-benchmark.js';
import { formatPercent, formatRps } from './format-values.js';
import { markdownTable } from './markdown.js';
import type { TableData } from './tables.js';
import { AGREEMENT_RULE, describeTally } from './validation.js';

const pinnedText = (ceiling: Ceiling): string => (ceiling.pinned ? 'pinned' : 'unpinned');

export const ceilingTable = (ceiling: Ceiling): TableData => ({
        title: `Ceiling on ${ceiling.profile}/${ceiling.scenario}, ${pinnedText(ceiling)}: autocannon against ${ceiling.reference}`,
        head: ['connections', 'autocannon req/s', `${ceiling.reference} req/s`, 'ratio', 'autocannon CPU', `${ceiling.reference} CPU`],
        rows: ceiling.levels.map((level) => [
          String(level.connections),
          formatRps(level.autocannonRps),
          formatRps(level.referenceRps),
          level.referenceRps === 0 ? '–' : (level.autocannonRps / level.referenceRps).toFixed(2),
          formatPercent(level.autocannonCpuPercent),
          formatPercent(level.referenceCpuPercent),
        ]),
      });

export const describeSelfBenchmark = (self: SelfBenchmark): string[] => [
  `Agreement over the profiles (run ${self.validation.runId}): ${describeTally(self.validation.tally)}`,
  `Rule: ${AGREEMENT_RULE}.`,
  ...(self.ceilings.length === 0
    ? ['Ceiling: not measured (no cell was cross-checked).']
    : self.ceilings.map(
        (c) =>
          `Ceiling on ${c.profile}, ${pinnedText(c)} (run ${c.runId}): autocannon ${formatRps(c.autocannonRps)} req/s, ${c.reference} ${formatRps(c.referenceRps)} req/s: ratio ${c.ratio.toFixed(2)} (target ≥ ${CEILING_RATIO_TARGET}${c.meetsTarget ? ', met' : ', NOT met'}).`,
      )),
  `Validation pinning: ${self.pinning.note}.`,
];

export const renderSelfBenchmarkMarkdown = (self: SelfBenchmark): string =>
  [
    '# bench self-benchmark',
    '',
    ...describeSelfBenchmark(self).map((line) => `- ${line}`),
    '',
    'The cross-check table of every cell is in the validation run\'s report.md; the ceiling run\'s report.md has each level\'s repeats.',
    ...self.ceilings.flatMap((ceiling) => {
      const table = ceilingTable(ceiling);
      return ['', `## ${table.title}`, '', 'Each level: the median over interleaved repeats of each generator against the same server; the ceiling is the highest median each reached.', '', markdownTable(table)];
    }),
    '',
  ].join('\n');
