// Reading a server's process group from Linux's /proc: every process whose group is the server's (gunicorn's
// workers stay in their master's group), with its CPU ticks and resident memory. No child process is spawned:
// pidtree runs `ps` twice a second, which costs CPU on a 2-core machine under test and, from the load generator's
// own process, stalls its event loop for the fork, inflating autocannon's tail latency.
import { readdir, readFile } from 'node:fs/promises';

/** /proc reports CPU time in USER_HZ ticks, fixed at 100 per second on Linux. */
const TICKS_PER_SECOND = 100;

export interface GroupMember {
  readonly pid: number;
  /** User plus system CPU time since the process started, in seconds. */
  readonly cpuSec: number;
  readonly rssBytes: number;
}

export const hasProcFs = async (): Promise<boolean> => {
  try {
    await readFile('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
};

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
export const parseStat = (text: string): { readonly pgrp: number; readonly cpuSec: number } | undefined => {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15.
  const pgrp = Number(fields[2]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(pgrp) && Number.isFinite(ticks) ? { pgrp, cpuSec: ticks / TICKS_PER_SECOND } : undefined;
};

/** VmRSS from /proc/<pid>/status, which states its unit (kB); 0 for a zombie. */
export const parseRssBytes = (status: string): number => {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
};

const readMember = async (pid: number, pgid: number): Promise<GroupMember | undefined> => {
  try {
    const stat = parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
    if (!stat || stat.pgrp !== pgid) return undefined;
    return { pid, cpuSec: stat.cpuSec, rssBytes: parseRssBytes(await readFile(`/proc/${pid}/status`, 'utf8')) };
  } catch {
    return undefined; // gone between the listing and the read
  }
};

/** Every live process in group `pgid`. */
export const readGroup = async (pgid: number): Promise<GroupMember[]> => {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const members = await Promise.all(pids.map((pid) => readMember(pid, pgid)));
  return members.filter((member): member is GroupMember => member !== undefined);
};
