import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRssBytes, parseStat, readGroup } from '../../harness/servers/proc-group.js';
import { createTreeProbe } from '../../harness/servers/process-stats.js';

describe('parseStat', () => {
  it('reads the process group and CPU seconds, whatever the command name holds', () => {
    const stat = '4242 (gunicorn: worker [app]) S 4200 4200 4200 0 -1 4194624 500 0 0 0 150 25 0 0 20 0 3 0 1000 200000000 9000 18446744073709551615';
    assert.deepEqual(parseStat(stat), { pgrp: 4200, cpuSec: 1.75 });
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

describe('readGroup and createTreeProbe on a real process group', () => {
  it('find the leader and its child with their memory, and measure the CPU they burn', async () => {
    // A shell leading its own group, with a busy child: the tree bench samples, in small.
    const leader = spawn('sh', ['-c', 'while :; do :; done & wait'], { detached: true, stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const members = await readGroup(leader.pid!);
      assert.equal(members.length, 2, JSON.stringify(members));
      assert.ok(members.every((m) => m.rssBytes > 0));
      const probe = await createTreeProbe(leader.pid!);
      await probe.sample();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const sample = await probe.sample();
      // The busy child can use at most one core, and on a quiet machine uses most of it.
      assert.ok(sample && sample.cpuPercent > 30 && sample.cpuPercent <= 105, JSON.stringify(sample));
      assert.equal(sample.processCount, 2);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
  });
});
