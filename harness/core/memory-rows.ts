// The memory table of a claims run: each profile's whole process tree at rest (the memory probe) and at its
// peak under the load of its cells. Pure.
import type { ProbeResult } from './probe-spec.js';
import type { CellResult } from './results.js';

export interface MemoryRow {
  readonly profile: string;
  /** Resident memory at rest after start-up, MB (10^6 bytes); null where it was not measured. */
  readonly idleMB: number | null;
  /** Processes in the tree at rest. */
  readonly processes: number | null;
  /** The highest resident memory sampled during any measured repeat of the profile's cells, MB. */
  readonly peakUnderLoadMB: number | null;
  /** The cell that peak was sampled in. */
  readonly peakCell: string | null;
}

export const memoryRows = (profiles: readonly string[], cells: readonly CellResult[], probes: readonly ProbeResult[]): MemoryRow[] =>
  profiles.map((profile) => {
    const idle = probes.find((probe) => probe.profile === profile && probe.kind === 'memory');
    const peak = cells.reduce<{ mb: number; cell: string } | null>((top, cell) => {
      if (cell.profile !== profile || cell.status !== 'completed') return top;
      const mb = cell.rssBytes / 1e6;
      return top === null || mb > top.mb ? { mb, cell: cell.id } : top;
    }, null);
    const processes = idle?.details['processes'];
    return {
      profile,
      idleMB: idle?.value ?? null,
      processes: typeof processes === 'number' ? processes : null,
      peakUnderLoadMB: peak?.mb ?? null,
      peakCell: peak?.cell ?? null,
    };
  });
