// Progress as plain lines, for when stdout is not a terminal (CI, pipes): no escape codes, one line per step.
import { WITHIN_TOLERANCE, type Agreement } from '../core/agreement.js';
import { describeSpeedClass } from '../core/host-speed.js';
import { describeProbe } from '../core/probe-spec.js';
import type { BenchEvent } from '../core/events.js';
import { isCompleted, type CrossCheck } from '../core/results.js';
import { formatBytes, formatFailures, formatMs, formatRps } from '../render/format-values.js';
import { cellFlags, formatWithInterval } from '../render/tables.js';

/** The verdict of a cross-check in a few words, with the figures it rests on where it is not a plain one. */
const describeVerdict = (agreement: Agreement): string => {
  if (agreement.excluded) return `excluded, generator-bound${agreement.withinTolerance ? ` (${WITHIN_TOLERANCE})` : ''}`;
  const at = (load: { readonly p99Ms: number } | undefined): string => formatMs(load?.p99Ms ?? 0);
  switch (agreement.verdict) {
    case 'pace-dependent':
      return `agree at a client's pace (${(agreement.paced ?? []).map((paced) => `${paced.generator}: p99 ${formatMs(paced.p99Ms)}`).join(', ')})`;
    case 'placement-dependent':
      return `agree at the same placement (${agreement.placement?.shared ?? ''} connections per worker)`;
    case 'admission-dependent':
      return `agree at the same admission (p99 ${at(agreement.admission?.atAdmitted?.candidateLoad)} vs ${at(agreement.admission?.atAdmitted?.referenceLoad)} where the connections were accepted in time)`;
    case 'second-reference':
      return `agree with hey (p99 ${formatMs((agreement.paced ?? []).find((paced) => paced.pauseMs === null)?.p99Ms ?? 0)}; ${agreement.referenceError ? "wrk's own latency broke Little's law" : `wrk's differed, on a cycle too short to test its pace by a pause`})`;
    case 'speed-dependent':
      return `agree at the same speed (p99 ${at(agreement.speed?.atShared?.candidateLoad)} vs ${at(agreement.speed?.atShared?.referenceLoad)} on the repeats where the host ran the cores alike: ${describeSpeedClass(agreement.speed?.shared ?? '')})`;
    case 'pin-dependent':
      return `agree pinned apart (req/s ${formatRps(agreement.pinned?.candidateLoad.rps ?? 0)} vs ${formatRps(agreement.pinned?.referenceLoad.rps ?? 0)}, p99 ${at(agreement.pinned?.candidateLoad)} vs ${at(agreement.pinned?.referenceLoad)} with the server on CPU ${agreement.pinned?.serverCpus ?? ''})`;
    case 'wire-checked':
      return `agree against the wire (autocannon p99 ${formatMs(agreement.wire?.candidate?.timed.latencyMs.p99 ?? 0)}, its traffic on the wire ${formatMs(agreement.wire?.candidate?.wire.latencyMs.p99 ?? 0)}${agreement.wire?.reference ? `; wrk ${formatMs(agreement.wire.reference.timed.latencyMs.p99)}, on the wire ${formatMs(agreement.wire.reference.wire.latencyMs.p99)}` : ''})`;
    default:
      return agreement.verdict;
  }
};

const describeCrossCheck = (check: CrossCheck): string =>
  check.status === 'failed'
    ? `no cross-check: ${check.error}`
    : `${check.reference.generator.name} ${formatRps(check.reference.rps)} req/s, p99 ${formatMs(check.reference.latencyMs.p99)}: ${describeVerdict(check.agreement)}`;

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
