// When the load generator, not the server, set the pace of a cell. Two ways, both from the generator's own CPU:
// - saturated: it used most of the one core its event loop runs on;
// - in the loop: with N connections each request's round trip includes the generator's own work on it, which
//   is its CPU ÷ N of every connection's time. Past the agreement tolerance for requests/s (15%), the figure
//   measures the generator as much as the server: at 1 connection, autocannon's 50% of a core against the Flask
//   dev server means half of every request's loop was autocannon's own.
import type { GeneratorUsage } from './results.js';

/** A generator above this share of one core was saturated. */
export const GENERATOR_SATURATED_CPU_PERCENT = 85;
/** Above this share of each connection's loop, the generator's own time set the pace. */
export const GENERATOR_LOOP_SHARE_PERCENT = 15;

/** Why the generator set the pace of a cell, or null when it did not. */
export const whyGeneratorBound = (usage: GeneratorUsage, connections: number): string | null => {
  if (usage.cpuPercent >= GENERATOR_SATURATED_CPU_PERCENT) return `${usage.name} used ${usage.cpuPercent.toFixed(0)}% of a core`;
  const share = usage.cpuPercent / connections;
  if (share >= GENERATOR_LOOP_SHARE_PERCENT) {
    return `${usage.name}'s own work was ${share.toFixed(0)}% of each request's loop (${usage.cpuPercent.toFixed(0)}% of a core over ${connections} connection${connections === 1 ? '' : 's'})`;
  }
  return null;
};
