// The cross-check: autocannon beside the independent generator, cell by cell, with the verdict.
import type { PacedAgreement } from '../core/agreement.js';
import type { Report } from '../core/report.js';
import { isCompleted } from '../core/results.js';
import { formatMs, formatPercent, formatRps } from './format-values.js';
import type { TableData } from './tables.js';

const signedPercent = (value: number | null): string => (value === null ? '–' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`);

/** One reading at a client's pace, and how autocannon compares with it. */
const describePaced = (paced: PacedAgreement): string =>
  `${paced.generator} read ${formatRps(paced.rps)} req/s, p50 ${formatMs(paced.p50Ms)}, p99 ${formatMs(paced.p99Ms)}: ${
    paced.agrees
      ? 'agrees'
      : paced.disagreements.length > 0
        ? `apart (${paced.disagreements.join('; ')})`
        : paced.referenceError
          ? `its latency not compared (${paced.referenceError})`
          : `too noisy to judge (${paced.noise.join('; ')})`
  }`;

export const crossCheckTable = (report: Report): TableData | null => {
  const cells = report.results.filter(isCompleted).filter((cell) => cell.crossCheck);
  if (cells.length === 0) return null;
  const first = cells.map((cell) => cell.crossCheck!).find((check) => check.status === 'completed');
  const reference = first?.status === 'completed' ? first.reference.generator.name : 'reference';
  return {
    title: `Cross-check: autocannon against ${reference}`,
    // Latencies of every answer, whatever its status: wrk cannot tell a 2xx apart, so that is what is compared.
    head: ['cell', 'autocannon req/s', `${reference} req/s`, 'Δ req/s', 'autocannon p50', `${reference} p50`, 'autocannon p99', `${reference} p99`, 'generator CPU', 'server CPU', `machine CPU (of ${report.environment.cores * 100}%)`, 'verdict'],
    rows: cells.map((cell) => {
      const check = cell.crossCheck!;
      if (check.status === 'failed') return [cell.id, formatRps(cell.rps), 'failed', '', formatMs(cell.latencyAnyMs.p50), '', formatMs(cell.latencyAnyMs.p99), '', '', '', '', `no check: ${check.error}`];
      const { reference: other, agreement } = check;
      const backToBack = agreement.referenceError
        ? `latency not compared (${agreement.referenceError})${agreement.noise.length > 0 ? `; too noisy to judge: ${agreement.noise.join('; ')}` : '; req/s agree'}`
        : agreement.verdict === 'noisy' || (agreement.verdict === 'pace-dependent' && agreement.disagreements.length === 0)
          ? `too noisy to judge: ${agreement.noise.join('; ')}`
          : agreement.verdict === 'agree'
            ? 'agree'
            : `${agreement.verdict === 'pace-dependent' ? '' : 'DISAGREE: '}${agreement.disagreements.join('; ')}`;
      const paced = agreement.paced ?? [];
      const verdict = agreement.excluded
        ? `excluded (${agreement.excluded})`
        : agreement.verdict === 'pace-dependent'
          ? `agree at a client's pace: ${paced.map(describePaced).join('; ')}; back-to-back, ${backToBack}`
          : `${backToBack}${paced.length > 0 ? `; at a client's pace: ${paced.map(describePaced).join('; ')}` : ''}`;
      return [
        cell.id,
        formatRps(cell.rps),
        formatRps(other.rps),
        signedPercent(agreement.rpsDifference),
        formatMs(cell.latencyAnyMs.p50),
        formatMs(other.latencyAnyMs.p50),
        formatMs(cell.latencyAnyMs.p99),
        formatMs(other.latencyAnyMs.p99),
        `${formatPercent(cell.generator.cpuPercent)} / ${formatPercent(other.generator.cpuPercent)}`,
        other.cpuPercent !== undefined ? `${formatPercent(cell.cpuPercent)} / ${formatPercent(other.cpuPercent)}` : '–',
        cell.machineCpuPercent !== undefined && other.machineCpuPercent !== undefined ? `${formatPercent(cell.machineCpuPercent)} / ${formatPercent(other.machineCpuPercent)}` : '–',
        verdict,
      ];
    }),
  };
};
