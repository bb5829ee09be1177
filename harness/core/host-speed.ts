// The machine's own speed during each repeat. On a shared host a virtual core can run at about half its speed for
// seconds at a time, with nothing of ours on it: on this machine a fixed Python loop pinned to core 1 took 10.8 ms
// for 9 s, then 20.7 ms for the next 12 s, while the same loop on core 0 held 10.8 ms throughout (the guest is
// told nothing: /proc/stat's steal stays 0). A server on a core slowed so serves half as fast, and a repeat that
// ran in such a phase measured the host, not the server: gunicorn-sync/upload@10 read 500–650 req/s in those
// phases and 880–940 outside them, by autocannon and wrk alike, repeat after repeat.
//
// bench times a small fixed unit of work on each core, five times a second, in the CPU time of the thread that ran
// it (so waiting for the core, behind the server, is not counted; the host's slowing is, since the guest cannot
// see it). A core's speed over a repeat is the fastest unit it has run since the run began ÷ its median unit over
// the repeat: 1 at full speed, 0.5 at half.

/** One timed unit of work on a core: when it was read (performance.now()) and the CPU time it took. */
export interface SpeedSample {
  readonly atMs: number;
  readonly unitMs: number;
}

/** A core at less than this share of its fastest over a repeat was slowed by the host. Under load a core at full
 * speed reads 0.85–0.95 (the probe shares its caches with the load; the fastest units come from idle moments);
 * the host's slow phases read 0.5–0.6. */
export const SLOWED_SPEED = 0.7;
/** Units a core needs in a repeat's window for its speed to be known (at 5 a second, under a second of it). */
export const MIN_SPEED_SAMPLES = 3;
/** Repeats at one speed each generator needs before the two are judged on them alone. */
export const SAME_SPEED_REPEATS = 2;

const medianOf = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Each core's median unit over [startMs, endMs], in ms of CPU; null for a core with fewer than MIN_SPEED_SAMPLES
 * units in the window. */
export const unitsOver = (cores: readonly (readonly SpeedSample[])[], startMs: number, endMs: number): (number | null)[] =>
  cores.map((samples) => {
    const inWindow = samples.filter((sample) => sample.atMs >= startMs && sample.atMs <= endMs).map((sample) => sample.unitMs);
    return inWindow.length < MIN_SPEED_SAMPLES ? null : medianOf(inWindow);
  });

/** Each core's speed over [startMs, endMs] (see the head of this file), from its samples so far; null for a core
 * with fewer than MIN_SPEED_SAMPLES in the window. */
export const speedsOver = (cores: readonly (readonly SpeedSample[])[], startMs: number, endMs: number): (number | null)[] =>
  unitsOver(cores, startMs, endMs).map((unit, core) => {
    if (unit === null) return null;
    const fastest = Math.min(...cores[core]!.filter((sample) => sample.atMs <= endMs).map((sample) => sample.unitMs));
    return Math.min(1, fastest / unit);
  });

/** The slowest core of a repeat, or null where no core's speed is known. */
export const slowestCore = (hostSpeed: readonly (number | null)[] | undefined): { readonly core: number; readonly speed: number } | null => {
  let slowest: { core: number; speed: number } | null = null;
  (hostSpeed ?? []).forEach((speed, core) => {
    if (speed !== null && (slowest === null || speed < slowest.speed)) slowest = { core, speed };
  });
  return slowest;
};

/** Whether the host slowed a core during the repeat: true where some core ran below SLOWED_SPEED, false where every
 * core's speed is known and none did, null where some core's is unknown and none is known to be slow. */
export const ranSlowed = (repeat: { readonly hostSpeed?: readonly (number | null)[] }): boolean | null => {
  const speeds = repeat.hostSpeed ?? [];
  if (speeds.some((speed) => speed !== null && speed < SLOWED_SPEED)) return true;
  return speeds.length > 0 && speeds.every((speed) => speed !== null) ? false : null;
};

/** "core 1 at 52%": the slowest core of a repeat, in words; null where none is known. */
export const describeSlowest = (hostSpeed: readonly (number | null)[] | undefined): string | null => {
  const slowest = slowestCore(hostSpeed);
  return slowest === null ? null : `core ${slowest.core} at ${Math.round(slowest.speed * 100)}%`;
};

/** Where the host slowed a core during some of a cell's repeats: which, and how far; null where none. */
export const hostSlowdownNote = (repeats: readonly { readonly hostSpeed?: readonly (number | null)[] }[]): string | null => {
  const slowed = repeats.flatMap((repeat, index) => (ranSlowed(repeat) === true ? [`repeat ${index + 1}: ${describeSlowest(repeat.hostSpeed)}`] : []));
  if (slowed.length === 0) return null;
  return `the host slowed a core of the machine below ${SLOWED_SPEED * 100}% of its speed in ${slowed.length} of ${repeats.length} repeats (${slowed.join('; ')}): those measured the host's slow phase as much as the server`;
};

/** A repeat's speed, core by core, as full (at SLOWED_SPEED or above) or slowed: "full+slowed" where core 1 alone was
 * slowed; null where some core's speed is unknown. Repeats of one class ran on a machine in the same state. */
export const speedClassOf = (repeat: { readonly hostSpeed?: readonly (number | null)[] }): string | null => {
  const speeds = repeat.hostSpeed ?? [];
  if (speeds.length === 0 || speeds.some((speed) => speed === null)) return null;
  return speeds.map((speed) => (speed! < SLOWED_SPEED ? 'slowed' : 'full')).join('+');
};

/** "core 0 at full speed, core 1 slowed" for the class "full+slowed"; "every core at full speed" where none was slowed. */
export const describeSpeedClass = (speedClass: string): string => {
  const cores = speedClass.split('+');
  if (cores.every((core) => core === 'full')) return 'every core at full speed';
  if (cores.every((core) => core === 'slowed')) return 'every core slowed';
  return cores.map((core, index) => `core ${index} ${core === 'full' ? 'at full speed' : 'slowed'}`).join(', ');
};

/** What a repeat records of the machine's speed (see ProcessMeasurement). */
export interface RepeatSpeed {
  readonly hostSpeed?: readonly (number | null)[];
  readonly hostUnitMs?: readonly (number | null)[];
}

/**
 * Each core's speed in each of a cell's repeats (those of both generators, when cross-checking), against the fastest
 * that any of them ran it: its quickest median unit ÷ the repeat's. The cell's own repeats are what is compared, so
 * a slow phase over the run's first moments (the speeds run-relative read from) does not blur them. From each
 * repeat's hostUnitMs; where a repeat lacks it (a report written before it was recorded), its hostSpeed.
 */
export const cellSpeeds = (repeats: readonly RepeatSpeed[]): (readonly (number | null)[])[] => {
  if (!repeats.every((repeat) => repeat.hostUnitMs !== undefined)) return repeats.map((repeat) => repeat.hostSpeed ?? []);
  const cores = Math.max(0, ...repeats.map((repeat) => repeat.hostUnitMs!.length));
  const best = Array.from({ length: cores }, (_, core) => {
    const units = repeats.flatMap((repeat) => (repeat.hostUnitMs![core] === null || repeat.hostUnitMs![core] === undefined ? [] : [repeat.hostUnitMs![core]!]));
    return units.length === 0 ? null : Math.min(...units);
  });
  return repeats.map((repeat) => best.map((fastest, core) => (fastest === null || repeat.hostUnitMs![core] == null ? null : fastest / repeat.hostUnitMs![core]!)));
};

/** A repeat's speed class (speedClassOf) from its speeds core by core. */
export const classOfSpeeds = (speeds: readonly (number | null)[]): string | null => speedClassOf({ hostSpeed: speeds });
