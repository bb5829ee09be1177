import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { startHostSpeedProbe } from '../../harness/run/host-speed-probe.js';
import { resolvePython } from '../../harness/servers/python.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('timing the machine’s cores', () => {
  it('reads a speed for every core over a window of the run, and leaves no process behind', async () => {
    const cores = os.cpus().length;
    const probe = startHostSpeedProbe(resolvePython(), cores);
    assert.equal(probe.pids.length, cores);
    const startMs = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const speeds = probe.speedsOver(startMs, performance.now());
    probe.stop();
    assert.equal(speeds.length, cores);
    for (const speed of speeds) assert.ok(speed !== null && speed > 0 && speed <= 1, `speeds ${JSON.stringify(speeds)}`);
    // Before it started, no unit was timed: unknown.
    assert.deepEqual(probe.speedsOver(0, startMs - 1), Array.from({ length: cores }, () => null));
    const deadline = Date.now() + 3000;
    while (probe.pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(probe.pids.filter(alive), []);
  });
});
