// The probes `bench claims` measures on a running server besides its cells: real requests, real signals, real
// processes. Each returns what it measured and how; none leaves a socket or a timer behind.
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeKey, type ProbeResult, type ProbeSpec } from '../core/probe-spec.js';
import { buildScenario, loadLabel } from '../core/scenarios.js';
import type { LoadGenerator } from '../load/load-options.js';
import { scenarioLoad } from '../load/request-body.js';
import { readTree } from '../servers/proc-group.js';
import { createTreeProbe } from '../servers/process-stats.js';
import type { ServerSession } from './server-session.js';

export interface ProbeContext {
  readonly session: ServerSession;
  /** The profile (variant) name. */
  readonly profile: string;
  /** The workers a gunicorn profile runs (0 for other servers). */
  readonly workers: number;
  readonly generator: LoadGenerator;
  readonly signal: AbortSignal;
}

interface Answer {
  readonly status: number;
  readonly ms: number;
  readonly body: string;
}

/** One GET on a connection of its own; rejects on error or after timeoutMs. */
export const getOnce = (url: string, timeoutMs: number, agent: http.Agent | false = false): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });

const result = (context: ProbeContext, spec: ProbeSpec, value: number | null, details: Record<string, unknown>, extra: Partial<Pick<ProbeResult, 'range' | 'error'>> = {}): ProbeResult => ({
  profile: context.profile,
  kind: spec.kind,
  key: probeKey(spec),
  value,
  ...extra,
  details,
});

/** Resident memory of the idle tree, in MB: once every worker has started and the total holds still (two samples
 * 250 ms apart within 2%, up to 15 s), the mean of three samples half a second apart. */
const measureMemory = async (spec: ProbeSpec, context: ProbeContext): Promise<ProbeResult> => {
  const server = context.session.server();
  const probe = await createTreeProbe(server.pid);
  const expected = context.workers > 0 ? context.workers + 1 : 1;
  let previous: number | undefined;
  const settleUntil = performance.now() + 15_000;
  while (performance.now() < settleUntil && !context.signal.aborted) {
    const sample = await probe.sample();
    const settled = sample !== undefined && sample.processCount >= expected && previous !== undefined && Math.abs(sample.rssBytes - previous) <= 0.02 * previous;
    if (settled) break;
    previous = sample?.rssBytes;
    await sleep(250);
  }
  const samples: number[] = [];
  let processes = 0;
  for (let index = 0; index < 3 && !context.signal.aborted; index += 1) {
    const sample = await probe.sample();
    if (sample) {
      samples.push(sample.rssBytes / 1e6);
      processes = sample.processCount;
    }
    if (index < 2) await sleep(500);
  }
  if (samples.length === 0) return result(context, spec, null, {}, { error: 'the process tree could not be read' });
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  return result(
    context,
    spec,
    mean,
    { method: "summed VmRSS of the server's process tree (shared pages count once per process), idle after start-up once every worker runs and the total holds still; 3 samples 0.5 s apart", samplesMB: samples, processes, note: `${processes} process(es)` },
    { range: [Math.min(...samples), Math.max(...samples)] },
  );
};

/** Seconds from spawning the server to its first answer: the session's launch, then two restarts. */
const measureStartup = async (spec: Extract<ProbeSpec, { kind: 'startup' }>, context: ProbeContext): Promise<ProbeResult> => {
  const seconds = [context.session.server().startupMs / 1000];
  for (let index = 0; index < (spec.launches ?? STARTUP_LAUNCHES) - 1 && !context.signal.aborted; index += 1) seconds.push((await context.session.restart()).startupMs / 1000);
  const sorted = [...seconds].sort((a, b) => a - b);
  return result(
    context,
    spec,
    sorted[Math.floor(sorted.length / 2)]!,
    { method: `from spawning the server to its first 2xx answer on /health (polled every 50 ms); the median of ${seconds.length} launches`, launchesSec: seconds },
    { range: [sorted[0]!, sorted.at(-1)!] },
  );
};

/** Launches timed for the start-up figure. */
const STARTUP_LAUNCHES = 3;

/** Opens a kept-alive connection, gets one answer, stays silent: seconds until the server closes it. */
const measureIdle = async (spec: Extract<ProbeSpec, { kind: 'idle' }>, context: ProbeContext): Promise<ProbeResult> => {
  const server = context.session.server();
  const socket = net.connect({ host: '127.0.0.1', port: server.port });
  try {
    const outcome = await new Promise<{ closedAfterSec: number } | { error: string }>((resolve) => {
      let answeredAt: number | undefined;
      let received = '';
      const finish = (value: { closedAfterSec: number } | { error: string }): void => {
        clearTimeout(timer);
        context.signal.removeEventListener('abort', stop);
        resolve(value);
      };
      const timer = setTimeout(() => finish({ error: `still open after ${spec.waitSec} s` }), spec.waitSec * 1000);
      const stop = (): void => finish({ error: 'interrupted' });
      context.signal.addEventListener('abort', stop, { once: true });
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: keep-alive\r\n\r\n`));
      socket.on('data', (chunk: string) => {
        received += chunk;
        if (answeredAt === undefined && received.includes('\r\n\r\n')) answeredAt = performance.now();
      });
      socket.on('close', () => finish(answeredAt === undefined ? { error: 'closed before answering' } : { closedAfterSec: (performance.now() - answeredAt) / 1000 }));
      socket.on('error', (error) => finish({ error: error.message }));
    });
    const method = 'a kept-alive connection, one GET /health answered, then silence: time from the answer to the server closing the connection';
    return 'error' in outcome ? result(context, spec, null, { method }, { error: outcome.error }) : result(context, spec, outcome.closedAfterSec, { method });
  } finally {
    socket.destroy();
  }
};

/** `users` single requests for a long analysis, each on its own connection, sent at the same moment. */
const measureColleagues = async (spec: Extract<ProbeSpec, { kind: 'colleagues' }>, context: ProbeContext): Promise<ProbeResult> => {
  const server = context.session.server();
  const url = `${server.baseUrl}/analysis?ms=${spec.analysisMs}`;
  const timeoutMs = spec.analysisMs * spec.users * 3 + 30_000;
  const started = performance.now();
  const answers = await Promise.allSettled(Array.from({ length: spec.users }, () => getOnce(url, timeoutMs)));
  const makespanSec = (performance.now() - started) / 1000;
  const times = answers.map((answer) => (answer.status === 'fulfilled' && answer.value.status === 200 ? answer.value.ms / 1000 : null));
  const failed = times.filter((time) => time === null).length;
  const details = { method: `${spec.users} GET /analysis?ms=${spec.analysisMs}, each on its own connection, sent at once; makespan = until the last answer`, eachSec: times.map((time) => (time === null ? null : Math.round(time * 1000) / 1000)), failed, note: `each user waited ${Math.min(...times.filter((t): t is number => t !== null)).toFixed(2)}–${Math.max(...times.filter((t): t is number => t !== null)).toFixed(2)} s` };
  if (failed > 0) return result(context, spec, null, details, { error: `${failed} of ${spec.users} requests failed` });
  return result(context, spec, makespanSec, details);
};

/** Asks `paths` every 200 ms while the scenario loads the server: the share answered 2xx within withinMs. */
const measureProbe = async (spec: Extract<ProbeSpec, { kind: 'probe' }>, context: ProbeContext): Promise<ProbeResult> => {
  const server = context.session.server();
  const scenario = buildScenario(spec.scenario);
  const durationSec = 5;
  const load = context.generator({ ...scenarioLoad(server.baseUrl, scenario), connections: spec.connections, durationSec, signal: context.signal });
  await sleep(1000); // the load reaches its steady state: the limit is reached
  const asked: Promise<Answer | null>[] = [];
  const until = performance.now() + (durationSec - 2) * 1000;
  while (performance.now() < until && !context.signal.aborted) {
    for (const path of spec.paths) asked.push(getOnce(`${server.baseUrl}${path}`, spec.withinMs * 5).catch(() => null));
    await sleep(200);
  }
  const answers = await Promise.all(asked);
  const run = await load;
  const ok = answers.filter((answer) => answer !== null && answer.status >= 200 && answer.status < 300 && answer.ms <= spec.withinMs).length;
  const slowest = Math.max(0, ...answers.map((answer) => answer?.ms ?? 0));
  return result(context, spec, answers.length === 0 ? null : ok / answers.length, {
    method: `${spec.paths.join(' and ')} asked every 200 ms, each on its own connection, during ${durationSec} s of ${loadLabel(scenario)} at ${spec.connections} connections (from its 2nd second)`,
    asked: answers.length,
    answeredInTime: ok,
    slowestMs: Math.round(slowest),
    load: { okRps: run.load.okRps, non2xx: run.load.non2xx, errors: run.load.errors },
    note: `${ok} of ${answers.length} answered 2xx within ${spec.withinMs} ms (slowest ${Math.round(slowest)} ms); the load got ${run.load.non2xx} non-2xx`,
  });
};

const workerPids = (masterPid: number): number[] => readTree(masterPid).map((member) => member.pid).filter((pid) => pid !== masterPid);

/** Reloads in one reload probe: whether a reload drops requests is a race (below), so one reload cannot tell. */
const RELOADS = 3;
/** Seconds from one SIGHUP to the next (and the most a replacement may take). */
const RELOAD_SPACING_SEC = 5;

/**
 * gunicorn: SIGHUP to the master under load, RELOADS times; for each, seconds until every old worker is gone and as
 * many new ones answer. The figure is the median; the failed requests are those of the whole load. Whether a
 * reload drops requests is a race (gunicorn #1236: a kept-alive connection cannot be closed without racing the
 * client's next request): gunicorn-eventlet dropped up to one request per open connection (7-10 of 10) in 4 of 5 single
 * reloads on a freshly launched server, and none in 4 of 4 right after the mix at 1,000 connections. On a freshly
 * launched server, with three reloads, the figure no longer depends on what ran before or on one draw.
 */
const measureReload = async (spec: Extract<ProbeSpec, { kind: 'reload' }>, context: ProbeContext): Promise<ProbeResult> => {
  const server = await context.session.restart();
  const scenario = buildScenario(spec.scenario);
  const durationSec = 2 + RELOADS * RELOAD_SPACING_SEC + 1;
  const load = context.generator({ ...scenarioLoad(server.baseUrl, scenario), connections: spec.connections, durationSec, signal: context.signal });
  await sleep(2000);
  const replacedSec: (number | null)[] = [];
  for (let index = 0; index < RELOADS && !context.signal.aborted; index += 1) {
    const before = new Set(workerPids(server.pid));
    const sentAt = performance.now();
    process.kill(server.pid, 'SIGHUP');
    let replaced: number | null = null;
    while (performance.now() - sentAt < (RELOAD_SPACING_SEC - 0.5) * 1000 && !context.signal.aborted) {
      const now = workerPids(server.pid);
      const fresh = now.filter((pid) => !before.has(pid));
      if (now.every((pid) => !before.has(pid)) && fresh.length >= context.workers) {
        const answered = await getOnce(`${server.baseUrl}/health`, 1000).then((answer) => answer.status === 200, () => false);
        if (answered) {
          replaced = (performance.now() - sentAt) / 1000;
          break;
        }
      }
      await sleep(25);
    }
    replacedSec.push(replaced);
    await sleep(Math.max(0, sentAt + RELOAD_SPACING_SEC * 1000 - performance.now()));
  }
  const run = await load;
  const failed = run.load.errors + run.load.non2xx;
  const times = replacedSec.filter((value): value is number => value !== null).sort((a, b) => a - b);
  const details = {
    method: `${RELOADS} SIGHUPs to the gunicorn master (launched afresh for them), ${RELOAD_SPACING_SEC} s apart from 2 s into ${durationSec} s of ${loadLabel(scenario)} at ${spec.connections} connections; replaced = no worker of before the signal left and ${context.workers} new one(s) running, and /health answers; the figure is the median`,
    replacedSec,
    failedRequests: failed,
    okRps: run.load.okRps,
    note: `${failed} request(s) failed over ${RELOADS} reloads (${run.load.errors - run.load.timeouts} connection errors, ${run.load.timeouts} timeouts, ${run.load.non2xx} non-2xx)`,
  };
  if (times.length < replacedSec.length || times.length === 0) return result(context, spec, null, details, { error: `the workers were not all replaced within ${RELOAD_SPACING_SEC - 0.5} s of a SIGHUP` });
  return result(context, spec, times[Math.floor(times.length / 2)]!, details, { range: [times[0]!, times.at(-1)!] });
};

/** gunicorn with max_requests: requests to /whoami, counted by the worker that answered each; a worker born and
 * retired during the run served a whole lifetime. */
const measureRecycle = async (spec: Extract<ProbeSpec, { kind: 'recycle' }>, context: ProbeContext): Promise<ProbeResult> => {
  const server = context.session.server();
  const atStart = new Set(workerPids(server.pid));
  const served = new Map<number, number>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  let sent = 0;
  let failed = 0;
  const client = async (): Promise<void> => {
    while (sent < spec.requests && !context.signal.aborted) {
      sent += 1;
      try {
        const answer = await getOnce(`${server.baseUrl}/whoami`, 10_000, agent);
        const pid = answer.status === 200 ? (JSON.parse(answer.body) as { pid?: number }).pid : undefined;
        if (typeof pid === 'number') served.set(pid, (served.get(pid) ?? 0) + 1);
        else failed += 1;
      } catch {
        failed += 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: spec.connections }, client));
  } finally {
    agent.destroy();
  }
  await sleep(500);
  const atEnd = new Set(workerPids(server.pid));
  const lifetimes = [...served].filter(([pid]) => !atStart.has(pid) && !atEnd.has(pid)).map(([, count]) => count);
  const details = {
    method: `${spec.requests} GET /whoami over ${spec.connections} kept-alive connections, counted by the pid that answered; a whole lifetime = a worker that was not running at the start and was gone at the end`,
    workersSeen: served.size,
    lifetimes,
    failedRequests: failed,
    note: `${lifetimes.length} whole worker lifetime(s) of ${lifetimes.length === 0 ? '–' : `${Math.min(...lifetimes)}–${Math.max(...lifetimes)}`} requests; ${served.size} workers answered; ${failed} request(s) failed`,
  };
  if (lifetimes.length === 0) return result(context, spec, null, details, { error: 'no worker was born and retired during the run: more requests are needed' });
  // The claim is about every restart: the figure is the longest whole lifetime (they differ for real, with the
  // jitter and the moment a worker checks its count; all of them are in the details).
  return result(context, spec, Math.max(...lifetimes), details);
};

/** gunicorn: SIGKILL to one worker under load; seconds until the master has a full set of workers again, none of
 * them the killed one, and /health answers. Failed requests beside it. */
const measureCrash = async (spec: Extract<ProbeSpec, { kind: 'crash' }>, context: ProbeContext): Promise<ProbeResult> => {
  const server = context.session.server();
  const scenario = buildScenario(spec.scenario);
  const durationSec = 8;
  const load = context.generator({ ...scenarioLoad(server.baseUrl, scenario), connections: spec.connections, durationSec, signal: context.signal });
  await sleep(2000);
  const victim = workerPids(server.pid)[0];
  if (victim === undefined) {
    await load;
    return result(context, spec, null, {}, { error: 'no worker process to kill' });
  }
  const killedAt = performance.now();
  process.kill(victim, 'SIGKILL');
  let recoveredSec: number | null = null;
  while (performance.now() - killedAt < (durationSec - 3) * 1000 && !context.signal.aborted) {
    const now = workerPids(server.pid);
    if (!now.includes(victim) && now.length >= context.workers) {
      const answered = await getOnce(`${server.baseUrl}/health`, 1000).then((answer) => answer.status === 200, () => false);
      if (answered) {
        recoveredSec = (performance.now() - killedAt) / 1000;
        break;
      }
    }
    await sleep(25);
  }
  const run = await load;
  const failed = run.load.errors + run.load.non2xx;
  const details = {
    method: `SIGKILL to worker ${victim} 2 s into ${durationSec} s of ${loadLabel(scenario)} at ${spec.connections} connections; recovered = ${context.workers} worker(s) running without it and /health answers`,
    killedWorker: victim,
    failedRequests: failed,
    okRps: run.load.okRps,
    note: `${failed} request(s) failed around the crash (${run.load.errors - run.load.timeouts} connection errors, ${run.load.timeouts} timeouts, ${run.load.non2xx} non-2xx)`,
  };
  return recoveredSec === null ? result(context, spec, null, details, { error: `the worker was not replaced within ${durationSec - 3} s` }) : result(context, spec, recoveredSec, details);
};

/** SIGTERM to the server while requests are in flight: the share answered 2xx, and how long the server took to
 * exit. The session then launches the server again for whatever follows. */
const measureShutdown = async (spec: Extract<ProbeSpec, { kind: 'shutdown' }>, context: ProbeContext): Promise<ProbeResult> => {
  const server = context.session.server();
  const url = `${server.baseUrl}/io?ms=${spec.requestMs}`;
  const inFlight = Array.from({ length: spec.requests }, () => getOnce(url, spec.requestMs + 60_000));
  await sleep(Math.min(500, spec.requestMs / 4));
  context.session.expectExit();
  const signalledAt = performance.now();
  process.kill(server.pid, 'SIGTERM');
  const answers = await Promise.allSettled(inFlight);
  // The 60 s limit is cancelled once the server has exited: left pending, its timer kept bench's process alive for
  // a minute after the run had finished (bench claims with this probe: done in 11 s, exited after 72).
  const limit = new AbortController();
  const exitedSec = await Promise.race([
    server.exited.then(() => (performance.now() - signalledAt) / 1000),
    sleep(60_000, null, { signal: limit.signal }).catch(() => null),
  ]).finally(() => limit.abort());
  await context.session.restart();
  const ok = answers.filter((answer) => answer.status === 'fulfilled' && answer.value.status >= 200 && answer.value.status < 300).length;
  const failures = answers.flatMap((answer) => (answer.status === 'rejected' ? [(answer.reason as Error).message] : answer.value.status >= 300 ? [`HTTP ${answer.value.status}`] : []));
  return result(context, spec, ok / spec.requests, {
    method: `${spec.requests} GET /io?ms=${spec.requestMs} in flight, each on its own connection, then SIGTERM to the server's main process; the share answered 2xx`,
    answered: ok,
    exitedAfterSec: exitedSec,
    note: `${ok} of ${spec.requests} in-flight request(s) answered${failures.length > 0 ? ` (${[...new Set(failures)].join('; ')})` : ''}; the server exited ${exitedSec === null ? 'not within 60 s' : `${exitedSec.toFixed(2)} s after the signal`}`,
  });
};

/** An idle wait longer than this runs alongside the cells. */
const ALONGSIDE_IDLE_SEC = 30;

/** When a probe runs in a profile's session: before the cells (on a server no load has touched), alongside
 * them (an idle connection waiting to be closed), or after them (reload last: it replaces the workers). */
export const probePhase = (probe: ProbeSpec): 'before' | 'alongside' | 'after' => {
  if (probe.kind === 'memory' || probe.kind === 'startup') return 'before';
  // A short idle wait (keepalive 5 s) on a quiet server: alongside gunicorn-eventlet's /health at 100 clients, its
  // one busy hub closed the connection 7.9 s after the answer instead of 5.0. A long one (waitress's 60-90 s, whose
  // cleanup runs every 30 s) alongside the cells, to save the minute and a half.
  if (probe.kind === 'idle') return probe.waitSec > ALONGSIDE_IDLE_SEC ? 'alongside' : 'before';
  return 'after';
};

/** Order within the after phase: a crash and a reload change the workers, a shutdown the whole server: last. */
export const probeOrder = (probe: ProbeSpec): number => (probe.kind === 'shutdown' ? 3 : probe.kind === 'reload' ? 2 : probe.kind === 'crash' ? 1 : 0);

export const runProbe = async (spec: ProbeSpec, context: ProbeContext): Promise<ProbeResult> => {
  try {
    switch (spec.kind) {
      case 'memory':
        return await measureMemory(spec, context);
      case 'startup':
        return await measureStartup(spec, context);
      case 'idle':
        return await measureIdle(spec, context);
      case 'colleagues':
        return await measureColleagues(spec, context);
      case 'probe':
        return await measureProbe(spec, context);
      case 'reload':
        return await measureReload(spec, context);
      case 'recycle':
        return await measureRecycle(spec, context);
      case 'crash':
        return await measureCrash(spec, context);
      case 'shutdown':
        return await measureShutdown(spec, context);
    }
  } catch (error) {
    return result(context, spec, null, {}, { error: (error as Error).message });
  }
};
