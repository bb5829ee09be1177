// How numbers read in every rendering: fixed units, no false precision, "–" where nothing was measured.

export const DASH = '–';

export const formatRps = (rps: number): string => (rps >= 100 ? rps.toFixed(0) : rps >= 10 ? rps.toFixed(1) : rps.toFixed(2));

export const formatMs = (ms: number): string => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`);

export const formatRatio = (ratio: number | null): string => (ratio === null || !Number.isFinite(ratio) ? DASH : `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`);

export const formatBytes = (bytes: number): string => {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} B`;
};

export const formatPercent = (percent: number): string => `${percent.toFixed(0)}%`;

export const formatCount = (count: number): string => count.toLocaleString('en-US');

/** "3 errors, 2 timeouts, 5 non-2xx", or "none". */
export const formatFailures = (cell: { readonly errors: number; readonly timeouts: number; readonly non2xx: number }): string => {
  const parts = [
    cell.errors - cell.timeouts > 0 ? `${formatCount(cell.errors - cell.timeouts)} errors` : '',
    cell.timeouts > 0 ? `${formatCount(cell.timeouts)} timeouts` : '',
    cell.non2xx > 0 ? `${formatCount(cell.non2xx)} non-2xx` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'none';
};
