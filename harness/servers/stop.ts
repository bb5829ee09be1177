// Stopping a server the way execa's terminate/ does: SIGTERM to its group, then SIGKILL after a grace period.
import { setTimeout as sleep } from 'node:timers/promises';
import { signalGroup, unregisterGroup } from './process-groups.js';

/** Default grace period between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 5000;

export type StopOutcome = 'exited' | 'killed' | 'already-gone';

export const stopGroup = async (pgid: number, graceMs: number = STOP_GRACE_MS): Promise<StopOutcome> => {
  try {
    if (!signalGroup(pgid, 'SIGTERM')) return 'already-gone';
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      await sleep(25);
      if (!signalGroup(pgid, 0)) return 'exited';
    }
    signalGroup(pgid, 'SIGKILL');
    // Bounded: a member whose parent is gone may linger as a zombie until init reaps it.
    for (let waited = 0; waited < 2000 && signalGroup(pgid, 0); waited += 25) await sleep(25);
    return 'killed';
  } finally {
    unregisterGroup(pgid);
  }
};
