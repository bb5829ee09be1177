// Progress as plain lines, for when stdout is not a terminal (CI, pipes): no escape codes, one line per step.
import { describeProbe } from '../core/probe-spec.js';
import type { BenchEvent } from '../core/events.js';
import { isCompleted, type CrossCheck } from '../core/results.js';
import { formatBytes, formatFailures, formatMs, formatRps } from '../render/format-values.js';
import { cellFlags, formatWithInterval } from '../render/tables.js';

const describeCrossCheck = (check: CrossCheck): string =>
  check.status === 'failed'
    ? `no cross-check: ${check.error}`
    : `${check.reference.generator.name} ${formatRps(check.reference.rps)} req/s, p99 ${formatMs(check.reference.latencyMs.p99)}: ${check.agreement.excluded ? 'excluded, generator-bound' : check.agreement.verdict === 'pace-dependent' ? `agree at a client's pace (${(check.agreement.paced ?? []).map((paced) => `${paced.generator}: p99 ${formatMs(paced.p99Ms)}`).join(', ')})` : check.agreement.verdict === 'placement-dependent' ? `agree at the same placement (${check.agreement.placement?.shared ?? ''} connections per worker)` : check.agreement.verdict === 'admission-dependent' ? `agree at the same admission (p99 ${formatMs(check.agreement.admission?.atAdmitted?.candidateLoad.p99Ms ?? 0)} vs ${formatMs(check.agreement.admission?.atAdmitted?.referenceLoad.p99Ms ?? 0)} where the connections were accepted in time)` : check.agreement.verdict === 'second-reference' ? `agree with hey (p99 ${formatMs((check.agreement.paced ?? []).find((paced) => paced.pauseMs === null)?.p99Ms ?? 0)}; wrk's own latency broke Little's law)` : check.agreement.verdict}`;

export const formatEventLine = (event: BenchEvent): string | undefined => {
  switch (event.type) {
    case 'run:start':
      return `bench: run ${event.runId}: ${event.totalCells} cells over ${event.profiles.join(', ')}`;
    case 'log':
      return `bench: ${event.level === 'info' ? '' : `${event.level}: `}${event.message}`;
    case 'server:starting':
      return `[${event.profile}] starting the server`;
    case 'server:ready':
      return `[${event.profile}] ready on port ${event.port} after ${formatMs(event.startupMs)}: ${event.commandLine}`;
    case 'server:failed':
      return `[${event.profile}] failed to start: ${event.error}`;
    case 'server:stopped':
      return `[${event.profile}] stopped`;
    case 'cell:start':
      return `[${event.index + 1}/${event.total}] ${event.cell.id}: measuring`;
    case 'load:error':
      return `[${event.cell.id}] request error: ${event.message}`;
    case 'cell:done': {
      const r = event.result;
      const figures = isCompleted(r)
        ? `${formatWithInterval(r.stats.rps, formatRps)} req/s, p50 ${formatMs(r.latencyMs.p50)}, p99 ${formatMs(r.latencyMs.p99)}, failures ${formatFailures(r)}, server ${formatBytes(r.rssBytes)} RSS${cellFlags(r) ? ` [${cellFlags(r)}]` : ''}`
        : `failed: ${r.error.split('\n')[0]}`;
      return `[${event.index}/${event.total}] ${r.id}: ${figures}${isCompleted(r) && r.crossCheck ? `; ${describeCrossCheck(r.crossCheck)}` : ''}`;
    }
    case 'run:done':
      return `bench: run ${event.status}`;
    case 'probe:done':
      return `bench: ${describeProbe(event.result)}`;
    case 'cell:warmup':
    case 'cell:repeat':
    case 'load:tick':
      return undefined;
  }
};

export const createPlainLog =
  (write: (line: string) => void) =>
  (event: BenchEvent): void => {
    const line = formatEventLine(event);
    if (line !== undefined) write(`${line}\n`);
  };
