// What physics allows a cell: Little's law over the handler's floor time and the server's concurrency, and the
// cores a CPU-bound handler can use. A measurement past its bound is a measurement error, not a fast server.
import type { ResolvedProfile } from './resolve-profile.js';
import type { Scenario } from './scenarios.js';

/** Measurement slack: clocks, rounding, a request that straddles the end of the cell. */
export const BOUND_TOLERANCE = 0.05;

export interface CellBound {
  /** Most responses per second the cell can give; null where nothing bounds it but the machine. */
  readonly maxRps: number | null;
  /** No response can come sooner than this. */
  readonly minLatencyMs: number;
  /** How the bound was derived, in words. */
  readonly reason: string;
  /** The client's timeout for a request in this cell (see requestTimeoutSec). */
  readonly requestTimeoutSec: number;
}

/** Requests a profile's server can work on at once for a blocking handler; null when it does not limit them. */
export const concurrencyOf = (profile: ResolvedProfile): { readonly slots: number | null; readonly what: string } => {
  const admission = profile.app === 'dxf' ? { slots: 6, what: 'the admission limit of 6 active requests' } : null;
  const server = ((): { slots: number | null; what: string } => {
    switch (profile.server) {
      case 'flask-dev':
        return profile.settings.threaded ? { slots: null, what: 'a thread per request' } : { slots: 1, what: 'one request at a time' };
      case 'waitress':
        return { slots: profile.settings.threads, what: `${profile.settings.threads} threads` };
      case 'uvicorn':
        return { slots: null, what: 'async handlers' };
      case 'gunicorn': {
        const s = profile.settings;
        const workers = Number(s.workers);
        if (s.workerClass === 'sync') return { slots: workers, what: `${workers} sync workers` };
        if (s.workerClass === 'gthread') return { slots: workers * (s.threads ?? 1), what: `${workers} workers × ${s.threads ?? 1} threads` };
        if (s.workerClass === 'uvicorn') return { slots: null, what: 'async handlers' };
        const connections = s.workerConnections ?? 1000;
        return { slots: workers * connections, what: `${workers} ${s.workerClass} workers × ${connections} connections` };
      }
    }
  })();
  if (admission && (server.slots === null || admission.slots < server.slots)) return admission;
  return server;
};

/** Processes that can run Python at the same moment: the GIL lets each use one core. */
const pythonProcesses = (profile: ResolvedProfile): number => (profile.server === 'gunicorn' ? Number(profile.settings.workers) : 1);

export const boundCell = (profile: ResolvedProfile, scenario: Scenario, connections: number): CellBound => {
  const bounds: { maxRps: number; reason: string }[] = [];
  if (scenario.floorMs > 0) {
    const { slots, what } = concurrencyOf(profile);
    const inFlight = slots === null ? connections : Math.min(connections, slots);
    const limiter = slots !== null && slots < connections ? what : `${connections} connections`;
    const perRequest = scenario.requests.length > 1 ? `${scenario.floorMs} ms per request on average over the mix` : `${scenario.floorMs} ms per request`;
    bounds.push({ maxRps: (inFlight * 1000) / scenario.floorMs, reason: `${limiter} ÷ ${perRequest} (Little's law)` });
  }
  if (scenario.cpuMs > 0) {
    const cores = Math.min(profile.cores, pythonProcesses(profile), connections);
    const perRequest = scenario.requests.length > 1 ? `${scenario.cpuMs} ms of CPU per request on average over the mix` : `${scenario.cpuMs} ms of CPU per request`;
    bounds.push({ maxRps: (cores * 1000) / scenario.cpuMs, reason: `${cores} core(s) usable (GIL: one per process) ÷ ${perRequest}` });
  }
  const tightest = bounds.sort((a, b) => a.maxRps - b.maxRps)[0];
  return {
    maxRps: tightest?.maxRps ?? null,
    minLatencyMs: scenario.minLatencyMs,
    reason: tightest?.reason ?? 'no bound but the machine',
    requestTimeoutSec: requestTimeoutSec(profile, scenario, connections),
  };
};

export interface BoundCheck {
  readonly violated: boolean;
  readonly reason: string | null;
}

/** `okRps`: 2xx answers per second. The bound holds for requests that ran the handler; a 503 from an admission
 * limit (dxf-limited) does not, so it is not held against the bound. Latency is of 2xx answers too. */
export const checkBound = (bound: CellBound, measured: { readonly okRps: number; readonly latencyMs: { readonly min: number } }, requests: number): BoundCheck => {
  if (bound.maxRps !== null && measured.okRps > bound.maxRps * (1 + BOUND_TOLERANCE)) {
    return { violated: true, reason: `${measured.okRps.toFixed(1)} successful req/s is above the bound of ${bound.maxRps.toFixed(1)} (${bound.reason})` };
  }
  // Timers and clocks differ by a little between Python and Node: allow 1 ms below the floor.
  if (requests > 0 && measured.latencyMs.min < bound.minLatencyMs - 1) {
    return { violated: true, reason: `a response in ${measured.latencyMs.min} ms, below the handler's floor of ${bound.minLatencyMs} ms` };
  }
  return { violated: false, reason: null };
};

/**
 * Longest the server may still be busy with requests it already holds when the load stops: each of the
 * connections' last requests, served `slots` at a time (CPU work shared by the usable cores).
 */
export const drainTimeMs = (profile: ResolvedProfile, scenario: Scenario, connections: number): number => {
  const { slots } = concurrencyOf(profile);
  const rounds = Math.ceil(connections / (slots === null ? connections : Math.min(slots, connections)));
  const cpuRounds = Math.ceil(connections / Math.min(profile.cores, pythonProcesses(profile)));
  // In a mix the last request may be its longest one.
  const longest = Math.max(...scenario.requests.map((request) => Math.max(request.floorMs, request.cpuMs)));
  return Math.max(rounds * scenario.floorMs, cpuRounds * scenario.cpuMs, longest);
};

/**
 * A repeat lasts at least this many drain times. Every repeat starts from a quiet server, so all connections send
 * at once and the first rounds are not the steady state: the first requests find no queue, the server's order of
 * service takes several rounds to settle, and the longest requests of the last round are cut off. In a window of
 * five drain times that transient was most of the measurement: waitress-8-200/cpu@100 (1 s drain) read
 * 0.48–0.66 requests in flight per connection by Little's law instead of 1, and p50 anywhere from 463 to 1,084 ms
 * from one repeat to the next; at 20 s both generators read 0.97–1.00 and p50s within 7% of each other.
 */
export const MIN_DRAINS_PER_WINDOW = 15;
/** ...but never longer than this, unless `--duration` asks for more. */
export const MAX_WINDOW_SEC = 30;

/** Whole seconds when lengthened (wrk takes no fractions), the requested seconds otherwise. */
export const windowSec = (profile: ResolvedProfile, scenario: Scenario, connections: number, requestedSec: number, maxSec: number = MAX_WINDOW_SEC): number => {
  const neededSec = Math.ceil((MIN_DRAINS_PER_WINDOW * drainTimeMs(profile, scenario, connections)) / 1000);
  return Math.max(requestedSec, Math.min(maxSec, neededSec));
};

/** The generators' own default timeout: a request unanswered this long counts as a timeout. */
export const DEFAULT_REQUEST_TIMEOUT_SEC = 10;
/** ...but never more than this. */
export const MAX_REQUEST_TIMEOUT_SEC = 120;
/** Drain times a request may wait before it times out (see requestTimeoutSec). */
export const TIMEOUT_DRAINS = 10;

/**
 * The client's timeout for a cell: 10 s, or ten times the wait the cell's own queue imposes plus 5 s where that is
 * longer (a single-threaded server at 100 connections on /io?ms=100 makes every request wait 10 s). A timeout
 * censors the latency, and the generators handle it differently: autocannon drops the connection and the server
 * still works through the abandoned request, wrk keeps waiting and only counts it. With the 10 s default the two
 * measured 3.2 and 9.8 req/s on that cell. Servers do not share the wait fairly: under waitress-8-200/cpu@100
 * (1 s drain) some requests waited over 7 s, so twice the drain was not enough.
 */
export const requestTimeoutSec = (profile: ResolvedProfile, scenario: Scenario, connections: number): number => {
  const neededSec = Math.ceil((TIMEOUT_DRAINS * drainTimeMs(profile, scenario, connections)) / 1000) + 5;
  return Math.min(MAX_REQUEST_TIMEOUT_SEC, Math.max(DEFAULT_REQUEST_TIMEOUT_SEC, neededSec));
};
