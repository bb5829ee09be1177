import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cellSpeeds, classOfSpeeds, describeSlowest, describeSpeedClass, hostSlowdownNote, MIN_SPEED_SAMPLES, ranSlowed, speedsOver, unitsOver, type SpeedSample } from '../../harness/core/host-speed.js';

/** Units timed every 200 ms from `fromMs`, in ms of CPU each. */
const units = (fromMs: number, unitsMs: readonly number[]): SpeedSample[] => unitsMs.map((unitMs, index) => ({ atMs: fromMs + index * 200, unitMs }));

describe('the speed of each core over a repeat', () => {
  // Core 1 of this machine, a fixed Python loop pinned to it: 0.63 ms, then 1.16 ms for seconds (the host's slow
  // phase, nothing of ours on the core), while core 0 held 0.63 ms.
  const core0 = units(0, [0.63, 0.64, 0.63, 0.65, 0.64, 0.63, 0.66, 0.64, 0.63, 0.64]);
  const core1 = units(0, [0.63, 0.63, 0.64, 0.63, 0.64, 1.16, 1.17, 1.15, 1.16, 1.18]);

  it('is the fastest unit the core ran so far over its median unit in the window', () => {
    const [fast, slow] = speedsOver([core0, core1], 1000, 1800);
    assert.ok(fast! > 0.95 && fast! <= 1, `core 0 at ${fast}`);
    assert.ok(Math.abs(slow! - 0.63 / 1.16) < 0.01, `core 1 at ${slow}`);
    assert.deepEqual(speedsOver([core0, core1], 0, 800).map((speed) => speed! > 0.95), [true, true]);
  });

  it('knows no speed from fewer units than it needs, and counts no unit timed after the window as the fastest', () => {
    assert.deepEqual(speedsOver([core0.slice(0, MIN_SPEED_SAMPLES - 1)], 0, 10_000), [null]);
    // Slow from the start of the run: the window's own units are the fastest it knows, full speed as far as it can tell.
    assert.ok(speedsOver([core1.slice(5)], 1000, 1800)[0]! > 0.98);
    // A faster unit later does not rewrite a window that ended before it.
    assert.ok(speedsOver([[...core1.slice(5), { atMs: 5000, unitMs: 0.3 }]], 1000, 1800)[0]! > 0.98);
    assert.ok(speedsOver([[...core1.slice(5), { atMs: 5000, unitMs: 0.3 }]], 1000, 5000)[0]! < 0.3);
  });

  it('calls a repeat slowed where some core ran below 70% of its speed, unknown where a core is unknown and none is slow', () => {
    assert.equal(ranSlowed({ hostSpeed: [0.93, 0.54] }), true);
    assert.equal(ranSlowed({ hostSpeed: [0.93, 0.88] }), false);
    assert.equal(ranSlowed({ hostSpeed: [null, 0.54] }), true);
    assert.equal(ranSlowed({ hostSpeed: [null, 0.88] }), null);
    assert.equal(ranSlowed({}), null);
    assert.equal(describeSlowest([0.93, 0.54]), 'core 1 at 54%');
  });

  it('notes which repeats of a cell the host slowed, and nothing where it slowed none', () => {
    assert.equal(
      hostSlowdownNote([{ hostSpeed: [0.91, 0.9] }, { hostSpeed: [0.92, 0.55] }, { hostSpeed: [0.9, 0.89] }]),
      "the host slowed a core of the machine below 70% of its speed in 1 of 3 repeats (repeat 2: core 1 at 55%): those measured the host's slow phase as much as the server",
    );
    assert.equal(hostSlowdownNote([{ hostSpeed: [0.91, 0.9] }, {}]), null);
  });

  it('compares a cell’s repeats with each other, against the fastest any of them ran each core', () => {
    // A run that began in a slow phase: against its first units every repeat reads full speed (hostSpeed 1), yet the
    // repeats' own units show core 1 at half speed in the first two.
    const repeats = [
      { hostSpeed: [1, 1], hostUnitMs: [0.64, 1.16] },
      { hostSpeed: [1, 1], hostUnitMs: [0.63, 1.17] },
      { hostSpeed: [1, 1], hostUnitMs: [0.64, 0.63] },
    ];
    const speeds = cellSpeeds(repeats);
    assert.deepEqual(speeds.map(classOfSpeeds), ['full+slowed', 'full+slowed', 'full+full']);
    assert.ok(Math.abs(speeds[0]![1]! - 0.63 / 1.16) < 1e-9);
    // A report written before the units were recorded: its hostSpeed as it is.
    assert.deepEqual(cellSpeeds([{ hostSpeed: [0.9, 0.5] }, { hostUnitMs: [0.6, 0.6] }]), [[0.9, 0.5], []]);
    assert.deepEqual(cellSpeeds([{ hostUnitMs: [0.6, null] }, { hostUnitMs: [1.2, 0.7] }]), [[1, null], [0.5, 1]]);
    assert.equal(classOfSpeeds([1, null]), null);
    assert.deepEqual(unitsOver([units(0, [0.6, 0.7, 0.8])], 0, 1000), [0.7]);
    assert.equal(describeSpeedClass('full+slowed'), 'core 0 at full speed, core 1 slowed');
    assert.equal(describeSpeedClass('slowed+slowed'), 'every core slowed');
  });
});
