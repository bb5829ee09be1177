// What is measured on a profile's server besides cells of load: memory at rest, start-up, an idle connection's
// fate, concurrent one-shot requests, probes under load, a reload, worker recycling, a worker's crash, a graceful
// shutdown. The specs and their results.
import type { ScenarioName } from './scenarios.js';

/** Something measured on a profile's server other than a cell of load. */
export type ProbeSpec =
  /** Resident memory of the idle tree, before any load. */
  | { readonly kind: 'memory' }
  /** Seconds from launch to the first answer: the median of `launches` launches (default 3). */
  | { readonly kind: 'startup'; readonly launches?: number }
  /** Seconds until the server closes an idle kept-alive connection (waited up to waitSec, alongside the cells). */
  | { readonly kind: 'idle'; readonly waitSec: number }
  /** `users` single /analysis requests sent at the same moment: their makespan. */
  | { readonly kind: 'colleagues'; readonly users: number; readonly analysisMs: number }
  /** Requests to `paths` while `scenario` loads the server at `connections`: the share answered 2xx in time. */
  | { readonly kind: 'probe'; readonly scenario: ScenarioName; readonly connections: number; readonly paths: readonly string[]; readonly withinMs: number }
  /** gunicorn: SIGHUP under load, seconds until every worker is replaced. */
  | { readonly kind: 'reload'; readonly scenario: ScenarioName; readonly connections: number }
  /** gunicorn with max_requests: requests each replaced worker served. */
  | { readonly kind: 'recycle'; readonly connections: number; readonly requests: number }
  /** gunicorn: SIGKILL to one worker under load; seconds until the master has replaced it and the server answers. */
  | { readonly kind: 'crash'; readonly scenario: ScenarioName; readonly connections: number }
  /** SIGTERM to the server while `requests` requests of `requestMs` are in flight: the share answered 2xx. */
  | { readonly kind: 'shutdown'; readonly requests: number; readonly requestMs: number };

export type ProbeKind = ProbeSpec['kind'];

/** The key a probe's result is found by: one probe per key and profile. */
export const probeKey = (probe: ProbeSpec): string => {
  switch (probe.kind) {
    case 'memory':
    case 'startup':
    case 'idle':
      return probe.kind;
    case 'colleagues':
      return `colleagues:${probe.users}x${probe.analysisMs}ms`;
    case 'probe':
      return `probe:${probe.scenario}@${probe.connections}:${probe.paths.join(',')}`;
    case 'reload':
      return `reload:${probe.scenario}@${probe.connections}`;
    case 'recycle':
      return `recycle:${probe.requests}@${probe.connections}`;
    case 'crash':
      return `crash:${probe.scenario}@${probe.connections}`;
    case 'shutdown':
      return `shutdown:${probe.requests}x${probe.requestMs}ms`;
  }
};


/** What a probe measured on a profile (variant). */
export interface ProbeResult {
  /** The profile (variant) name, as in the report's profiles. */
  readonly profile: string;
  readonly kind: ProbeKind;
  /** probeKey of its spec. */
  readonly key: string;
  /** The figure (MB, s, a share…), or null when it could not be measured (see error). */
  readonly value: number | null;
  /** Lowest and highest of what made the figure, where there were several. */
  readonly range?: readonly [number, number];
  readonly error?: string;
  /** How it was measured, and what else was seen (failed requests during a reload, each worker's lifetime…). */
  readonly details: Readonly<Record<string, unknown>>;
}

/** One line on what a probe measured: "gunicorn-eventlet: reload: 0.598; 10 request(s) failed during the reload…". */
export const describeProbe = (result: ProbeResult): string => {
  const note = typeof result.details['note'] === 'string' ? `; ${result.details['note'] as string}` : '';
  return `${result.profile}: ${result.kind}: ${result.value === null ? `not measured (${result.error ?? 'no figure'})` : `${Number(result.value.toPrecision(4))}${note}`}`;
};
