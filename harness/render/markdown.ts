// report.md: what a person reads after a run, with the method next to the figures.
import type { Report } from '../core/report.js';
import { formatBytes, formatMs } from './format-values.js';
import { comparisonTables, resultsTable, type TableData } from './tables.js';

const escapeCell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export const markdownTable = (table: Pick<TableData, 'head' | 'rows'>): string =>
  [
    `| ${table.head.map(escapeCell).join(' | ')} |`,
    `| ${table.head.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');

const settingsText = (settings: Readonly<Record<string, unknown>>, formulas: Readonly<Record<string, string>>): string =>
  Object.entries(settings)
    .map(([key, value]) => (formulas[key] ? `${key}=${String(value)} (${formulas[key]})` : `${key}=${String(value)}`))
    .join(', ');

const profilesSection = (report: Report): string =>
  markdownTable({
    head: ['profile', 'mode', 'server', 'app', 'settings (computed here)', 'document', 'startup', 'command line'],
    rows: report.profiles.map((p) => [
      p.name,
      p.mode,
      p.server,
      p.app,
      settingsText(p.settings, p.formulas),
      p.document ?? '',
      p.startupMs === null ? (p.error ? 'failed to start' : '') : formatMs(p.startupMs),
      p.commandLine ? `\`${p.commandLine}\`` : '',
    ]),
  });

const environmentSection = (report: Report): string => {
  const env = report.environment;
  const servers = Object.entries(env.servers)
    .map(([name, version]) => `${name} ${version ?? 'missing'}`)
    .join(', ');
  return [
    `- Machine: ${env.cpuModel}, ${env.cores} cores, ${formatBytes(env.memoryBytes)} memory; ${env.platform} ${env.kernel}`,
    `- Load average before the run: ${env.loadAverage.map((value) => value.toFixed(2)).join(', ')}`,
    `- Node ${env.node}; Python ${env.python.version} (${env.python.path}); ${report.method.loadGenerator}`,
    `- Servers: ${servers}`,
    `- bench ${env.bench.version}${env.bench.gitCommit ? ` at ${env.bench.gitCommit.slice(0, 12)}` : ''}`,
  ].join('\n');
};

export const renderMarkdown = (report: Report): string => {
  const comparisons = comparisonTables(report);
  const sections = [
    `# bench run ${report.runId}`,
    `Status: **${report.status}**. Started ${report.startedAt}, finished ${report.finishedAt}.\n\nCommand: \`bench ${report.command.join(' ')}\``,
    '## Comparisons',
    comparisons.length > 0
      ? comparisons.map((table) => `### ${table.title}\n\nratio = production req/s ÷ dev-mode req/s, same scenario and connections.\n\n${markdownTable(table)}`).join('\n\n')
      : 'No production profile ran beside its dev-mode counterpart.',
    `## ${resultsTable(report).title}`,
    markdownTable(resultsTable(report)),
    '## Profiles',
    profilesSection(report),
    '## Scenarios',
    markdownTable({ head: ['scenario', 'request'], rows: report.scenarios.map((s) => [s.name, s.description]) }),
    '## Method',
    [`- ${report.method.durationSec} s measured per cell after ${report.method.warmupSec} s of uncounted warm-up; connections: ${report.method.connections.join(', ')}.`, ...report.method.notes.map((note) => `- ${note}`)].join('\n'),
    '## Environment',
    environmentSection(report),
  ];
  return `${sections.join('\n\n')}\n`;
};
