// When the load generator, not the server, set the pace of a cell. Three ways, all from the generator's own CPU:
// - saturated: it used most of the one core its event loop runs on;
// - in the loop: with N connections each request's round trip includes the generator's own work on it, which
//   is its CPU ÷ N of every connection's time (Little's law). Its one event loop, busy a share u of the time,
//   also makes each response wait for it: about 1 ÷ (1 − u) times its own work in all (the M/M/1 queue's
//   sojourn). Past the agreement tolerance for requests/s (15%), the figure measures the generator as much as
//   the server: at 1 connection, autocannon's 50% of a core against the Flask dev server means half of every
//   request's loop was autocannon's own; at 10 connections on the single-threaded dev server, autocannon at
//   84% of a core (8.4% of each loop, times 1 ÷ 0.16 for the wait) read 2,435 req/s against wrk's 3,200;
// - contending: unpinned, server and generator share the machine's cores. When together they fill them, every
//   share of a core the generator takes is lost to a server that could use it (gunicorn with 5 workers on 2
//   cores): the figure then depends on the generator's cost per request (autocannon at 75% of a core measured
//   gunicorn-sync-scaled/health 19–24% below wrk at 50%).
import type { GeneratorUsage } from './results.js';

/** A generator above this share of one core was saturated. */
export const GENERATOR_SATURATED_CPU_PERCENT = 85;
/** Above this share of each connection's loop, the generator's own time set the pace. */
export const GENERATOR_LOOP_SHARE_PERCENT = 15;

/** Server and generator together above this share of the machine's cores: the cores were full. */
export const MACHINE_FULL_SHARE = 0.85;
/** ...and the generator held at least this share of the machine. */
export const GENERATOR_MACHINE_SHARE = 0.15;

export interface GeneratorContext {
  readonly connections: number;
  /** The server tree's CPU over the same repeat; 100 = one core. */
  readonly serverCpuPercent: number;
  readonly cores: number;
  /** Server and generator on separate cores (--pin): they do not contend. */
  readonly pinned: boolean;
}

/** The generator's share of each request's round trip, in %: its CPU ÷ connections, times 1 ÷ (1 − its event
 * loop's utilisation) for the wait of a response that arrives while the loop is busy. */
export const loopSharePercent = (cpuPercent: number, connections: number): number => {
  const busy = Math.min(cpuPercent / 100, 0.99);
  return cpuPercent / connections / (1 - busy);
};

/** Why the generator set the pace of a repeat, or null when it did not. */
export const whyGeneratorBound = (usage: GeneratorUsage, context: GeneratorContext): string | null => {
  const { connections, serverCpuPercent, cores } = context;
  if (usage.cpuPercent >= GENERATOR_SATURATED_CPU_PERCENT) return `${usage.name} used ${usage.cpuPercent.toFixed(0)}% of a core`;
  const share = loopSharePercent(usage.cpuPercent, connections);
  if (share >= GENERATOR_LOOP_SHARE_PERCENT) {
    return `${usage.name}'s own work, with the wait for its busy event loop, was about ${share.toFixed(0)}% of each request's loop (${usage.cpuPercent.toFixed(0)}% of a core over ${connections} connection${connections === 1 ? '' : 's'})`;
  }
  const machine = cores * 100;
  if (!context.pinned && serverCpuPercent + usage.cpuPercent >= MACHINE_FULL_SHARE * machine && usage.cpuPercent >= GENERATOR_MACHINE_SHARE * machine) {
    return `the ${cores} cores were full (server ${serverCpuPercent.toFixed(0)}% + ${usage.name} ${usage.cpuPercent.toFixed(0)}%): the server lost what ${usage.name} took (use --pin)`;
  }
  return null;
};

/** How late the generator's event loop ran at its p99, median over the repeats, or null where it was not measured
 * (wrk: its own process, no such figure). A response that arrives while the loop is busy is timed late by up to
 * that much: the timing error of each latency the generator records. */
export const medianLoopLatenessMs = (repeats: readonly { readonly generator: GeneratorUsage }[]): number | null => {
  const lateness = repeats.flatMap((r) => (r.generator.eventLoopDelayMs ? [r.generator.eventLoopDelayMs.p99] : [])).sort((a, b) => a - b);
  if (lateness.length === 0) return null;
  const middle = Math.floor(lateness.length / 2);
  return lateness.length % 2 === 1 ? lateness[middle]! : (lateness[middle - 1]! + lateness[middle]!) / 2;
};

/** A latency whose generator ran later than this share of it (or LATENCY_TIMING_FLOOR_MS) carries a timing error
 * larger than the cross-check's tolerance (agreement.ts: 25% or 1 ms). */
export const LATENCY_TIMING_SHARE = 0.25;
export const LATENCY_TIMING_FLOOR_MS = 1;

/** Why a cell's p50 may read high by the generator's own lateness, or null. */
export const latencyTimingError = (p50Ms: number, repeats: readonly { readonly generator: GeneratorUsage }[]): string | null => {
  const lateness = medianLoopLatenessMs(repeats);
  if (lateness === null || lateness <= Math.max(LATENCY_TIMING_SHARE * p50Ms, LATENCY_TIMING_FLOOR_MS)) return null;
  return `the load generator's event loop ran ${lateness.toFixed(1)} ms late at its p99 (median over the repeats), more than ${LATENCY_TIMING_SHARE * 100}% of the p50 of ${p50Ms.toFixed(2)} ms: p50 and p99 may read up to that much high`;
};
