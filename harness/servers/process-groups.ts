// Every server runs in a process group of its own. This module keeps the list of live groups and makes sure
// none survives the harness: stopped on exit, on signals, and by a detached reaper if the harness is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const live = new Set<number>();
let reaper: ChildProcess | undefined;

const startReaper = (): ChildProcess => {
  const script = fileURLToPath(new URL('./reaper-process.js', import.meta.url));
  const child = spawn(process.execPath, [script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.stdin?.on('error', () => undefined);
  return child;
};

const tellReaper = (line: string): void => {
  reaper ??= startReaper();
  reaper.stdin?.write(`${line}\n`);
};

/** Sends a signal to a whole group; false when the group no longer exists. */
export const signalGroup = (pgid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
};

export const registerGroup = (pgid: number): void => {
  live.add(pgid);
  tellReaper(`add ${pgid}`);
};

export const unregisterGroup = (pgid: number): void => {
  live.delete(pgid);
  tellReaper(`remove ${pgid}`);
};

export const liveGroups = (): readonly number[] => [...live];

// Last resort on any exit, including process.exit() after an uncaught error: no grace, no group left.
process.on('exit', () => {
  for (const pgid of live) signalGroup(pgid, 'SIGKILL');
});
