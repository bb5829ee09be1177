// A watchdog that outlives the harness: it reads "add <pgid>" / "remove <pgid>" lines on stdin, and when
// stdin closes (the harness exited, crashed or was SIGKILLed) it terminates every group still registered.
import { createInterface } from 'node:readline';

const groups = new Set<number>();
const GRACE_MS = 3000;

const signalGroup = (pgid: number, signal: NodeJS.Signals): boolean => {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
};

const reapAll = async (): Promise<void> => {
  const alive = [...groups].filter((pgid) => signalGroup(pgid, 'SIGTERM'));
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline && alive.some((pgid) => signalGroup(pgid, 0 as unknown as NodeJS.Signals))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const pgid of alive) signalGroup(pgid, 'SIGKILL');
  process.exit(0);
};

// The reaper runs in its own session, so a Ctrl+C meant for the harness does not reach it.
process.on('SIGINT', () => undefined);
process.on('SIGHUP', () => undefined);

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [verb, id] = line.trim().split(/\s+/);
    const pgid = Number(id);
    if (!Number.isInteger(pgid) || pgid <= 1) return;
    if (verb === 'add') groups.add(pgid);
    if (verb === 'remove') groups.delete(pgid);
  })
  .on('close', () => void reapAll());
