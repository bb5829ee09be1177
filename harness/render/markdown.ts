// report.md: what a person reads after a run, with the method next to the figures.
import type { Report } from '../core/report.js';
import { isCompleted } from '../core/results.js';
import { latencyTimingError } from '../core/generator-bound.js';
import { hostSlowdownNote } from '../core/host-speed.js';
import { formatBytes, formatMs } from './format-values.js';
import { comparisonTables, resultsTable, type TableData } from './tables.js';
import { claimsTable, claimsTally, MEMORY_METHOD, memoryTable } from './claims-table.js';
import { validationView } from './validation.js';

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
    `- Node ${env.node}; Python ${env.python.version} (${env.python.path})`,
    `- Load generators: ${Object.entries(env.generators).map(([name, version]) => `${name} ${version ?? 'missing'}`).join(', ')}`,
    `- Servers: ${servers}`,
    `- bench ${env.bench.version}${env.bench.gitCommit ? ` at ${env.bench.gitCommit.slice(0, 12)}${env.bench.gitDirty ? ' with uncommitted changes' : ''}` : ''}`,
  ].join('\n');
};

const problemsSection = (report: Report): string => {
  const lines = report.results.filter(isCompleted).flatMap((cell) => {
    const problems = [
      cell.boundViolated ? `broke its bound: ${cell.boundReason}` : '',
      cell.generatorBound ? `generator-bound: ${cell.generatorBoundReason}` : '',
      cell.noisy ? `noisy: rps ${formatInterval(cell.stats.rps.ci)}, p99 ${formatInterval(cell.stats.latencyP99Ms.ci)}` : '',
      latencyTimingError(cell.latencyMs.p50, cell.repeats) ?? '',
      hostSlowdownNote(cell.repeats) ?? '',
      ...cell.repeats.filter((r) => r.isolation.method === 'restarted').map((r) => `server restarted before a repeat (${r.isolation.reason})`),
    ].filter(Boolean);
    return problems.map((problem) => `- ${cell.id}: ${problem}`);
  });
  return lines.length > 0 ? [...new Set(lines)].join('\n') : 'None: every cell is within its bound, not generator-bound, and its interval is narrow enough to conclude.';
};

const crossCheckSection = (report: Report): string[] => {
  const { table, verdict } = validationView(report);
  return table ? [`## ${table.title}`, verdict, markdownTable(table)] : [];
};

const formatInterval = (ci: readonly [number, number] | null): string => (ci ? `95% interval ${ci[0].toFixed(1)}–${ci[1].toFixed(1)}` : 'one repeat');

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
    ...crossCheckSection(report),
    ...(report.claims && report.claims.length > 0
      ? [`## ${claimsTable(report.claims, { reasons: true }).title}`, `${claimsTally(report.claims)} Each claim's reading (how its wording was turned into a measurement) is in report.json and in claims/.`, markdownTable(claimsTable(report.claims, { reasons: true }))]
      : []),
    ...(report.memory && report.memory.length > 0 ? [`## ${memoryTable(report.memory).title}`, MEMORY_METHOD, markdownTable(memoryTable(report.memory))] : []),
    '## Measurement problems',
    problemsSection(report),
    '## Method',
    [
      `- ${report.method.repeats} repeat(s) of at least ${report.method.durationSec} s per cell after ${report.method.warmupSec} s of uncounted warm-up; connections: ${report.method.connections.join(', ')}.`,
      `- Pinning: ${report.method.pinning.note}.`,
      ...report.method.notes.map((note) => `- ${note}`),
    ].join('\n'),
    '## Environment',
    environmentSection(report),
  ];
  return `${sections.join('\n\n')}\n`;
};
