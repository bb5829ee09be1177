// Reading a server's process tree from Linux's /proc: the leader and every descendant (gunicorn's workers, the
// Flask reloader's child), with CPU ticks and resident memory. No child process is spawned: pidtree runs `ps`
// twice a second, which costs CPU on a 2-core machine under test and, from the load generator's own process,
// stalls its event loop for the fork, inflating autocannon's tail latency.
//
// Cheap by construction, since it runs in the load generator's process during the load: it follows each
// process's `children` list (a few small reads per process of the tree) instead of reading every process on the
// machine to find the group's members. The full scan cost 13 ms of CPU per sample with 66 processes on the
// machine (about 3% of a core at two samples a second, all of it counted as the generator's own); the walk of a
// six-process gunicorn tree costs a fraction of a millisecond. Without `children` (a kernel built without
// CONFIG_PROC_CHILDREN), it falls back to the scan, by process group.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** /proc reports CPU time in USER_HZ ticks, fixed at 100 per second on Linux. */
const TICKS_PER_SECOND = 100;

export interface GroupMember {
  readonly pid: number;
  /** User plus system CPU time since the process started, in seconds. */
  readonly cpuSec: number;
  /** The CPU of its children that ended and that it waited for (cutime plus cstime), in seconds: a gunicorn
   * master's recycled workers, which the tree no longer lists. */
  readonly reapedCpuSec: number;
  readonly rssBytes: number;
}

export const hasProcFs = (): boolean => existsSync('/proc/self/stat');

/** Whether this kernel lists each task's children in /proc/<pid>/task/<tid>/children. */
export const hasChildrenLists = (): boolean => existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
export const parseStat = (text: string): { readonly pgrp: number; readonly cpuSec: number; readonly reapedCpuSec: number } | undefined => {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15, cutime 16, cstime 17.
  const pgrp = Number(fields[2]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  const reaped = Number(fields[13]) + Number(fields[14]);
  return Number.isFinite(pgrp) && Number.isFinite(ticks) && Number.isFinite(reaped) ? { pgrp, cpuSec: ticks / TICKS_PER_SECOND, reapedCpuSec: reaped / TICKS_PER_SECOND } : undefined;
};

/** VmRSS from /proc/<pid>/status, which states its unit (kB); 0 for a zombie. */
export const parseRssBytes = (status: string): number => {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
};

/** The pids in a `children` file ("123 456 "). */
export const parseChildren = (text: string): number[] =>
  text
    .split(' ')
    .filter((word) => word !== '')
    .map(Number);

const readMember = (pid: number, pgid?: number): GroupMember | undefined => {
  try {
    const stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    if (!stat || (pgid !== undefined && stat.pgrp !== pgid)) return undefined;
    return { pid, cpuSec: stat.cpuSec, reapedCpuSec: stat.reapedCpuSec, rssBytes: parseRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8')) };
  } catch {
    return undefined; // gone between the listing and the read
  }
};

/** The children of every thread of `pid` (a child belongs to the thread that forked it). */
const childrenOf = (pid: number): number[] => {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
      try {
        return parseChildren(readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8'));
      } catch {
        return []; // the thread ended
      }
    });
  } catch {
    return []; // the process ended
  }
};

/**
 * Every live process of the tree rooted at `rootPid` that is still in its process group (the root leads it), the
 * root first. The group check keeps out a stranger that took a pid freed during the walk; `seen`, a child listed
 * twice because the thread that forked it ended mid-walk and it moved to a sibling's list.
 */
export const readTree = (rootPid: number): GroupMember[] => {
  const members: GroupMember[] = [];
  const seen = new Set<number>();
  const pending = [rootPid];
  for (let pid = pending.shift(); pid !== undefined; pid = pending.shift()) {
    if (seen.has(pid)) continue;
    seen.add(pid);
    const member = readMember(pid, rootPid);
    if (!member) continue;
    members.push(member);
    pending.push(...childrenOf(pid));
  }
  return members;
};

/** The inodes of the sockets `pid` holds open (its /proc/<pid>/fd links reading `socket:[inode]`); empty when it
 * is gone. A few readlinks per open file: a gunicorn worker holding 50 connections costs about 0.1 ms. */
export const readSocketInodes = (pid: number): Set<number> => {
  const inodes = new Set<number>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(Number(match[1]));
      } catch {
        // closed between the listing and the read
      }
    }
  } catch {
    // the process ended
  }
  return inodes;
};

/** Every live process in group `pgid`, by reading every process on the machine (the fallback). */
export const readGroup = (pgid: number): GroupMember[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readMember(Number(entry), pgid))
    .filter((member): member is GroupMember => member !== undefined);

/** The whole machine's CPU ticks from /proc/stat's first line: busy (user, nice, system, irq, softirq, steal) and
 * all (busy with idle and iowait). Guest time is already inside user. */
export interface MachineTicks {
  readonly busy: number;
  readonly all: number;
  /** The CPUs the line sums (one cpuN line each): the whole machine's, whatever this process's affinity. */
  readonly cores: number;
}

export const parseMachineTicks = (stat: string): MachineTicks | undefined => {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const fields = [user, nice, system, idle, iowait, irq, softirq, steal];
  if (fields.some((f) => f === undefined || !Number.isFinite(f))) return undefined;
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  const cores = stat.split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
  return cores > 0 ? { busy, all: busy + idle! + iowait!, cores } : undefined;
};

export const readMachineTicks = (): MachineTicks | undefined => {
  try {
    return parseMachineTicks(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
};

/** The machine's CPU between two readings, 100 = one core (so up to cores × 100); undefined without a tick between. */
export const machineCpuPercent = (before: MachineTicks, after: MachineTicks): number | undefined => {
  const all = after.all - before.all;
  return all > 0 ? ((after.busy - before.busy) / all) * after.cores * 100 : undefined;
};
