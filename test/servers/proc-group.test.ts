import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { machineCpuPercent, parseChildren, parseMachineTicks, parseRssBytes, parseStat, readGroup, readTree } from '../../harness/servers/proc-group.js';
import { readdirSync, readFileSync } from 'node:fs';
import { createTreeProbe, startTreeSampler } from '../../harness/servers/process-stats.js';

/** A shell script leading a process group of its own, given `settleMs` to start its children; the group is
 * killed afterwards whatever happens. */
const withGroup = async (script: string, use: (leaderPid: number) => Promise<void> | void, settleMs = 300): Promise<void> => {
  const leader = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    await use(leader.pid!);
  } finally {
    process.kill(-leader.pid!, 'SIGKILL');
  }
};

describe('parseStat', () => {
  it('reads the process group, CPU seconds and its ended children’s CPU seconds, whatever the command name holds', () => {
    const stat = '4242 (gunicorn: worker [app]) S 4200 4200 4200 0 -1 4194624 500 0 0 0 150 25 300 40 20 0 3 0 1000 200000000 9000 18446744073709551615';
    assert.deepEqual(parseStat(stat), { pgrp: 4200, cpuSec: 1.75, reapedCpuSec: 3.4 });
  });
});

describe('the machine’s CPU from /proc/stat', () => {
  const stat = (user: number, system: number, idle: number): string =>
    `cpu  ${user} 0 ${system} ${idle} 10 0 5 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\ncpu1 1 0 1 1 0 0 0 0 0 0\nintr 1 2 3\n`;

  it('counts user, system, irq and softirq as busy, idle and iowait as not, and the cores from the cpuN lines', () => {
    assert.deepEqual(parseMachineTicks(stat(100, 50, 1000)), { busy: 155, all: 1165, cores: 2 });
    assert.equal(parseMachineTicks('intr 1 2 3\n'), undefined);
  });

  it('gives the share of the machine busy between two readings, 100 = one core', () => {
    // 150 busy ticks of 200: both cores three-quarters busy.
    assert.equal(machineCpuPercent(parseMachineTicks(stat(100, 50, 1000))!, parseMachineTicks(stat(200, 100, 1050))!), 150);
  });

  it('reads at least what a busy process of the machine used, and no more than its cores', async () => {
    await withGroup('while :; do :; done', async (leader) => {
      const sampler = startTreeSampler(leader, 100);
      await new Promise((resolve) => setTimeout(resolve, 800));
      const measured = sampler.finish();
      const cores = parseMachineTicks(readFileSync('/proc/stat', 'utf8'))!.cores;
      assert.ok(measured.machineCpuPercent !== undefined, 'measured on Linux');
      assert.ok(measured.cpuPercent > 50, `the loop used ${measured.cpuPercent}% of a core`);
      assert.ok(measured.machineCpuPercent >= 0.8 * measured.cpuPercent, `machine ${measured.machineCpuPercent}% < the loop's ${measured.cpuPercent}%`);
      assert.ok(measured.machineCpuPercent <= cores * 100 + 1, `machine ${measured.machineCpuPercent}% on ${cores} cores`);
    }, 50);
  });
});

describe('parseRssBytes', () => {
  it('turns VmRSS in kB into bytes', () => {
    assert.equal(parseRssBytes('Name:\tpython3\nVmPeak:\t  30000 kB\nVmRSS:\t   25600 kB\nThreads:\t5\n'), 25600 * 1024);
  });

  it('gives 0 for a zombie, which has no VmRSS', () => {
    assert.equal(parseRssBytes('Name:\tpython3\nState:\tZ (zombie)\n'), 0);
  });
});

describe('parseChildren', () => {
  it('reads the pids of a children list, empty or not', () => {
    assert.deepEqual(parseChildren('123 456 '), [123, 456]);
    assert.deepEqual(parseChildren(''), []);
  });
});

describe('readTree', () => {
  it('finds the leader, its child and its grandchild, and nothing else', () =>
    withGroup('sh -c "sleep 30 & wait" & wait', (pid) => {
      const tree = readTree(pid);
      assert.equal(tree.length, 3, JSON.stringify(tree));
      assert.equal(tree[0]!.pid, pid);
      assert.deepEqual(
        tree.map((m) => m.pid).sort(),
        readGroup(pid)
          .map((m) => m.pid)
          .sort(),
      );
    }));


  it('leaves out a descendant that left the group, as a stranger given a freed pid would be', async () => {
    const leader = spawn('sh', ['-c', 'setsid sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    const strays: number[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      strays.push(...parseChildren(readFileSync(`/proc/${leader.pid}/task/${leader.pid}/children`, 'utf8')));
      assert.equal(strays.length, 1, 'the setsid child is listed as a child');
      assert.deepEqual(readTree(leader.pid!).map((m) => m.pid), [leader.pid]);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
      for (const pid of strays) process.kill(pid, 'SIGKILL');
    }
  });

  it('finds a child forked by a thread other than the main one (gunicorn-style servers fork from threads too)', async () => {
    const script = "import subprocess, threading\nt = threading.Thread(target=lambda: subprocess.run(['sleep', '30']))\nt.start(); t.join()";
    const leader = spawn('/usr/bin/python3', ['-c', script], { detached: true, stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(readFileSync(`/proc/${leader.pid}/task/${leader.pid}/children`, 'utf8').trim(), '', 'the main thread forked nothing');
      assert.equal(readTree(leader.pid!).length, 2);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
  });

  it('costs the load generator’s process far less CPU than reading every process on the machine', async () => {
    // It runs twice a second inside autocannon's process: the scan of every process cost 13 ms of CPU per
    // sample on a 66-process machine, counted as autocannon's own work. A ratio in the same run, not a speed;
    // 40 idle processes elsewhere make sure the machine has processes to scan, as a test machine may not.
    const leader = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    const others = spawn('sh', ['-c', 'for i in $(seq 40); do sleep 30 & done; wait'], { detached: true, stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const cpuMs = (read: () => unknown): number => {
        const start = process.cpuUsage();
        for (let i = 0; i < 40; i += 1) read();
        const used = process.cpuUsage(start);
        return (used.user + used.system) / 1000;
      };
      cpuMs(() => readTree(leader.pid!)); // warm both paths up
      cpuMs(() => readGroup(leader.pid!));
      const tree = cpuMs(() => readTree(leader.pid!));
      const scan = cpuMs(() => readGroup(leader.pid!));
      assert.ok(tree < scan / 2, `tree walk ${tree.toFixed(1)} ms vs scan ${scan.toFixed(1)} ms`);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
      process.kill(-others.pid!, 'SIGKILL');
    }
  });
});

describe('readGroup and createTreeProbe on a real process group', () => {
  it('find the leader and its child with their memory, and measure the CPU they burn', () =>
    // A shell leading its own group, with a busy child: the tree bench samples, in small.
    withGroup('while :; do :; done & wait', async (pid) => {
      const members = readGroup(pid);
      assert.equal(members.length, 2, JSON.stringify(members));
      assert.ok(members.every((m) => m.rssBytes > 0));
      const probe = await createTreeProbe(pid);
      await probe.sample();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const sample = await probe.sample();
      // The busy child can use at most one core, and on a quiet machine uses most of it.
      assert.ok(sample && sample.cpuPercent > 30 && sample.cpuPercent <= 105, JSON.stringify(sample));
      assert.equal(sample.processCount, 2);
    }));

  it('counts the CPU of a child born and ended between two samples, as a recycled gunicorn worker is', () =>
    // The child uses 0.4 s of its own CPU time and exits; the shell waits for it (its cutime) and sleeps on.
    withGroup(`sleep 0.5; /usr/bin/python3 -c 'import time\nwhile time.process_time() < 0.4: pass'; sleep 30`, async (pid) => {
      const probe = await createTreeProbe(pid);
      const first = await probe.sample();
      assert.equal(first?.processCount, 2, 'the shell and its sleep, before the child');
      const deadline = performance.now() + 20_000;
      while (readTree(pid)[0]!.reapedCpuSec < 0.35 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await probe.sample();
      assert.ok(first?.atMs !== undefined && second?.atMs !== undefined);
      const usedSec = (second.cpuPercent / 100) * ((second.atMs - first.atMs) / 1000);
      // Counting the live processes alone, the child was never seen: about 0 s.
      assert.ok(usedSec >= 0.35, `${usedSec.toFixed(3)} s of CPU counted between the samples`);
    }, 100));
});

/** Live processes whose parent is this test process, read straight from /proc. */
const childrenOfThisProcess = (): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return state !== 'Z' && Number(ppid) === process.pid;
      } catch {
        return false;
      }
    })
    .map(Number);

const commandOf = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return `${pid} (gone)`;
  }
};

describe('startTreeSampler', () => {
  it('samples a tree without starting a single process (pidtree ran `ps` on every sample, in the generator’s process)', async () => {
    const leader = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    try {
      const sampler = startTreeSampler(leader.pid!, 50);
      const seen = new Map<number, string>();
      const deadline = Date.now() + 1000;
      while (Date.now() < deadline) {
        for (const pid of childrenOfThisProcess()) if (pid !== leader.pid) seen.set(pid, commandOf(pid));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const measured = sampler.finish();
      assert.ok(measured.samples >= 5, `only ${measured.samples} samples`);
      assert.ok(measured.rssBytes > 0);
      assert.deepEqual([...seen.values()], [], 'the sampler started processes');
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
  });
});
