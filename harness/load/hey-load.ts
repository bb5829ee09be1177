// The same closed-loop load with hey (Debian's package), an independent generator written in Go: the cross-check's
// reference at a client's pace. Its Go HTTP client takes tens of µs between an answer and the next request on a
// connection, as autocannon's does and any real client's; wrk takes a few. hey prints a summary; bash's `times` gives
// its CPU time. It cannot send a mix.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { LoadMeasurement } from '../core/results.js';
import { runTimed } from './wrk-load.js';
import { REQUEST_TIMEOUT_SEC, type GeneratorRun, type LoadOptions } from './load-options.js';

const seconds = (text: string, label: string): number | null => {
  const match = new RegExp(`${label}:?\\s+([\\d.]+) secs`).exec(text);
  return match ? Number(match[1]) : null;
};

const percentile = (text: string, p: number): number | null => {
  const match = new RegExp(`\\n\\s*${p}% in ([\\d.]+) secs`).exec(text);
  return match ? Number(match[1]) * 1000 : null;
};

/** The lines of a section of the summary, from its heading to the next blank line. */
const section = (text: string, heading: string): string[] => {
  const start = text.indexOf(heading);
  if (start < 0) return [];
  const lines = text.slice(start + heading.length).split('\n').slice(1);
  const end = lines.findIndex((line) => line.trim() === '');
  return end < 0 ? lines : lines.slice(0, end);
};

/** "  [200]\t3502 responses": status → count. */
const statusCounts = (text: string): Map<string, number> =>
  new Map(section(text, 'Status code distribution:').flatMap((line) => {
    const match = /^\s*\[(\d+)\]\s+(\d+) responses/.exec(line);
    return match ? [[match[1]!, Number(match[2])] as const] : [];
  }));

/** "  [27394]\tGet \"http://…\": dial tcp …: connection refused": message → count. */
const errorCounts = (text: string): Map<string, number> =>
  new Map(section(text, 'Error distribution:').flatMap((line) => {
    const match = /^\s*\[(\d+)\]\s+(.*)$/.exec(line);
    return match ? [[match[2]!.trim(), Number(match[1])] as const] : [];
  }));

/** hey's summary as a measurement. Its latencies are of the answered requests (hey times no failed one), in 0.1 ms
 * steps; its req/s is every request, answered or failed, over its whole run. */
export const parseHeySummary = (text: string): LoadMeasurement => {
  const total = seconds(text, 'Total');
  const rpsMatch = /Requests\/sec:\s+([\d.]+)/.exec(text);
  if (total === null || !rpsMatch) throw new Error(`hey printed no summary: ${text.split('\n').find((line) => line.trim() !== '') ?? '(nothing)'}`);
  const statuses = statusCounts(text);
  const errors = [...errorCounts(text).entries()];
  const answered = [...statuses.values()].reduce((sum, count) => sum + count, 0);
  const failed = errors.reduce((sum, [, count]) => sum + count, 0);
  const non2xx = [...statuses.entries()].filter(([status]) => !status.startsWith('2')).reduce((sum, [, count]) => sum + count, 0);
  const ms = (value: number | null): number => (value === null || Number.isNaN(value) ? 0 : value * 1000);
  const latency = {
    min: ms(seconds(text, 'Fastest')),
    mean: ms(seconds(text, 'Average')),
    p50: percentile(text, 50) ?? 0,
    p90: percentile(text, 90) ?? 0,
    p99: percentile(text, 99) ?? 0,
    max: ms(seconds(text, 'Slowest')),
  };
  return {
    durationSec: total,
    requests: answered + failed,
    rps: Number(rpsMatch[1]),
    rpsMethod: 'window',
    okRps: total > 0 ? (answered - non2xx) / total : 0,
    latencyMs: latency,
    latencyAnyMs: latency,
    errors: failed,
    timeouts: errors.filter(([label]) => /timeout|deadline/i.test(label)).reduce((sum, [, count]) => sum + count, 0),
    non2xx,
    statusCodes: Object.fromEntries(statuses),
  };
};

export const runHey = async (options: LoadOptions): Promise<GeneratorRun> => {
  if (options.requests) throw new Error('hey cannot send a mix of requests');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-hey-'));
  try {
    const bodyFile = options.body ? path.join(dir, 'body') : undefined;
    if (bodyFile && options.body) await writeFile(bodyFile, options.body);
    const timeoutSec = Math.ceil(options.timeoutSec ?? REQUEST_TIMEOUT_SEC);
    const args = ['-z', `${options.durationSec}s`, '-c', String(options.connections), '-t', String(timeoutSec), '-m', options.method, ...(bodyFile ? ['-D', bodyFile, '-T', 'application/octet-stream'] : []), options.url];
    const result = await runTimed('hey', args, options.signal, options.onStart);
    if (result.exitCode !== 0) throw new Error(`hey failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.split('\n')[0] ?? ''}`);
    const load = parseHeySummary(result.stdout);
    return { load, generatorCpuPercent: load.durationSec > 0 ? (result.cpuSeconds / load.durationSec) * 100 : 0 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

export const heyVersion = async (): Promise<string | null> => {
  const result = await execa('dpkg-query', ['-W', '-f', '${Version}', 'hey'], { reject: false });
  return result.exitCode === 0 && result.stdout.trim() !== '' ? result.stdout.trim() : null;
};
