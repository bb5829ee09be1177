// Pinning a running server and this process apart, on real processes: every process of the server's tree moves to
// the servers' CPUs, this process to the generator's, and all go back to what they had.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpusAllowed, pinApart, pinLayout } from '../../harness/servers/pinning.js';
import { readTree } from '../../harness/servers/proc-group.js';
import { resolvePython } from '../../harness/servers/python.js';

describe('pinLayout', () => {
  it('puts the generator on CPU 0 and the servers on the others, where there are two or more', () => {
    assert.equal(pinLayout(1), null);
    assert.deepEqual(pinLayout(2), { generatorCpus: '0', serverCpus: '1' });
    assert.deepEqual(pinLayout(8), { generatorCpus: '0', serverCpus: '1-7' });
  });
});

describe('pinApart', { skip: os.availableParallelism() < 2 ? 'one core: nothing to pin apart' : false }, () => {
  it('pins a running tree and this process apart, a worker forked since included, and restores both', async () => {
    // A leader of its own process group (as a server is) whose child forks a grandchild after a second.
    const source = 'import os, time\nif os.fork() == 0:\n    time.sleep(1.0)\n    os.fork()\n    time.sleep(30)\nelse:\n    time.sleep(30)\n';
    const child = spawn(resolvePython(), ['-c', source], { detached: true, stdio: 'ignore' });
    const tree = () => readTree(child.pid!).map((member) => member.pid);
    // Polled, not slept: on a busy machine python's start can take longer than any fixed wait.
    const treeOf = async (size: number): Promise<number[]> => {
      for (const deadline = Date.now() + 10_000; tree().length !== size && Date.now() < deadline; ) await sleep(50);
      return tree();
    };
    try {
      assert.equal((await treeOf(2)).length, 2);
      const [ours, theirs] = [cpusAllowed(process.pid), cpusAllowed(child.pid!)];
      assert.ok(ours && theirs);
      const pin = await pinApart(child.pid!);
      assert.ok(typeof pin !== 'string', String(pin));
      try {
        assert.deepEqual(tree().map(cpusAllowed), [pin.serverCpus, pin.serverCpus]);
        assert.equal(cpusAllowed(process.pid), pin.generatorCpus);
        assert.equal((await treeOf(3)).length, 3);
        await pin.pinServer(child.pid!);
        assert.deepEqual(tree().map(cpusAllowed), [pin.serverCpus, pin.serverCpus, pin.serverCpus]);
      } finally {
        await pin.restore(child.pid!);
      }
      assert.equal(cpusAllowed(process.pid), ours);
      assert.ok(readTree(child.pid!).every((member) => cpusAllowed(member.pid) === theirs));
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
  });
});
