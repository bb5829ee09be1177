// The claims table, as the terminal and report.md show it: the same rows for both.
import type { ClaimRow } from '../core/claims-report.js';
import type { MemoryRow } from '../core/memory-rows.js';
import { formatFigure } from '../core/claim-verdict.js';
import type { TableData } from './tables.js';

const DASH = '–';

export const formatMeasured = (row: ClaimRow): string => {
  if (row.measured === null) return DASH;
  const unit = row.unit === '' || row.unit.startsWith('×') ? row.unit : ` ${row.unit}`;
  return `${formatFigure(row.measured)}${unit}`;
};

const formatRatio = (ratio: number | null): string => (ratio === null || !Number.isFinite(ratio) ? DASH : `${formatFigure(ratio)}×`);

/** The document's number: "000" of "000_77497803e6276060.txt". */
const documentNumber = (document: string): string => document.split('_')[0] ?? document;

export const claimsTable = (rows: readonly ClaimRow[], options: { readonly reasons: boolean }): TableData => ({
  title: 'Claims: what the documents claim beside what was measured',
  head: ['doc', 'claim', 'claimed', 'measured', 'ratio', 'verdict', ...(options.reasons ? ['why', 'evidence'] : [])],
  rows: rows.map((row) => [
    documentNumber(row.document),
    row.id,
    row.claimed,
    formatMeasured(row),
    formatRatio(row.ratio),
    row.verdict,
    ...(options.reasons ? [[row.reason, row.note].filter(Boolean).join('; '), row.evidence.join(', ') || DASH] : []),
  ]),
});

export const claimsTally = (rows: readonly ClaimRow[]): string => {
  const count = (verdict: ClaimRow['verdict']): number => rows.filter((row) => row.verdict === verdict).length;
  return `${rows.length} claims: ${count('confirmed')} confirmed, ${count('refuted')} refuted, ${count('inconclusive')} inconclusive.`;
};

/** The reasons under the terminal's table, one line per claim. */
export const claimsReasons = (rows: readonly ClaimRow[]): string => rows.map((row) => `${row.id} (${row.verdict}): ${row.reason}${row.note ? `; ${row.note}` : ''}`).join('\n');

const formatMB = (mb: number | null): string => (mb === null ? DASH : `${mb.toFixed(1)} MB`);

export const memoryTable = (rows: readonly MemoryRow[]): TableData => ({
  title: "Memory: each profile's whole process tree, at rest and under load (MB = 10^6 bytes)",
  head: ['profile', 'at rest', 'processes', 'peak under load', 'in cell'],
  rows: rows.map((row) => [row.profile, formatMB(row.idleMB), row.processes === null ? DASH : String(row.processes), formatMB(row.peakUnderLoadMB), row.peakCell ?? DASH]),
});

export const MEMORY_METHOD =
  "At rest: summed VmRSS of the server's processes once every worker runs and the total holds still, before any load. Under load: the highest such sum sampled (every 250 ms) during the measured repeats of the profile's cells. Shared pages count once per process, as the documents' figures do.";
