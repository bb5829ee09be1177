// Bringing the server back to quiet before a measured repeat: wait where the leftovers drain quickly,
// restart where waiting would take longer than a restart (or never ends).
import type { Isolation } from '../core/results.js';
import { waitUntilQuiet } from '../servers/quiesce.js';
import type { ServerSession } from './server-session.js';

/** Above this drain time a restart is quicker than waiting, and as honest. */
export const MAX_DRAIN_WAIT_MS = 3000;

export const isolate = async (session: ServerSession, drainMs: number, signal: AbortSignal): Promise<Isolation> => {
  const server = session.server();
  const quiet =
    drainMs > MAX_DRAIN_WAIT_MS
      ? ({ quiet: false, waitedMs: 0, reason: `up to ${(drainMs / 1000).toFixed(1)} s of leftover requests` } as const)
      : await waitUntilQuiet({ pid: server.pid, healthUrl: `${server.baseUrl}/health`, drainMs, signal });
  if (quiet.quiet) return { method: 'waited', waitedMs: Math.round(quiet.waitedMs), reason: null };
  await session.restart();
  return { method: 'restarted', waitedMs: Math.round(quiet.waitedMs), reason: quiet.reason };
};
