// The same closed-loop load with wrk (Debian's package), an independent generator written in C, to cross-check
// autocannon. A Lua `done` hook prints wrk's own figures as JSON; bash's `times` gives wrk's CPU time.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { LoadMeasurement } from '../core/results.js';
import { histogramStats, undoWrkCorrection, wrkCorrectionInterval, type HistogramStats } from './wrk-histogram.js';
import { REQUEST_TIMEOUT_SEC, type GeneratorRun, type LoadOptions } from './load-options.js';

const MARKER = 'BENCH_WRK ';

/** What the `done` hook prints. The latency figures (HistogramStats) are wrk's own, read from its corrected
 * histogram; `count` is that histogram's samples, -1 where it could not be read. */
export interface WrkSummary extends HistogramStats {
  readonly durationUs: number;
  readonly requests: number;
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  readonly status: number;
  readonly timeout: number;
  /** That histogram, flat: value (µs), count, value, count, … in increasing value; null where it could not be read. */
  readonly bins: readonly number[] | null;
}

/** A mix's requests, with the file each body is read from. */
interface MixEntry {
  readonly method: string;
  readonly path: string;
  readonly bodyFile?: string | undefined;
}

/** wrk cannot tell its connections apart in Lua: its one thread sends the mix in turn over all its connections,
 * where autocannon cycles each connection through it. The share of each request is the same. */
const mixScript = (mix: readonly MixEntry[] | undefined): string => {
  if (!mix) return '';
  const entries = mix.map((entry, index) =>
    entry.bodyFile
      ? `  local f${index} = io.open(${JSON.stringify(entry.bodyFile)}, "rb"); local b${index} = f${index}:read("*a"); f${index}:close()\n  reqs[${index + 1}] = wrk.format(${JSON.stringify(entry.method)}, ${JSON.stringify(entry.path)}, { ["Content-Type"] = "application/octet-stream" }, b${index})`
      : `  reqs[${index + 1}] = wrk.format(${JSON.stringify(entry.method)}, ${JSON.stringify(entry.path)}, {}, nil)`,
  );
  return `local reqs = {}
local turn = 0
init = function(args)
${entries.join('\n')}
end
request = function()
  turn = turn % #reqs + 1
  return reqs[turn]
end`;
};

/** wrk calls `delay` before each request on a connection and waits that many ms (its timers count whole ms); the
 * latency it times starts when the request is written, after the pause. */
const pauseScript = (pauseMs: number | undefined): string => (pauseMs ? `delay = function()\n  return ${Math.max(1, Math.round(pauseMs))}\nend` : '');

const luaScript = (bodyFile: string | undefined, method: string, mix?: readonly MixEntry[], pauseMs?: number): string => `
wrk.method = "${method}"
${bodyFile ? `local f = io.open("${bodyFile}", "rb"); wrk.body = f:read("*a"); f:close(); wrk.headers["Content-Type"] = "application/octet-stream"` : ''}
${mixScript(mix)}
${pauseScript(pauseMs)}
-- wrk's latency histogram, read through LuaJIT's FFI (wrk 4's struct stats; wrk offers no other way to it): the
-- corrected one, which bench undoes (load/wrk-histogram.ts). "bins" null where it cannot be read.
local histogram = function(latency)
  local ok, ffi = pcall(require, "ffi")
  if not ok then return "null", -1 end
  pcall(ffi.cdef, "typedef struct { uint64_t count; uint64_t limit; uint64_t min; uint64_t max; uint64_t data[?]; } bench_wrk_stats;")
  local s = ffi.cast("bench_wrk_stats**", latency)[0]
  local out = {}
  if tonumber(s.count) > 0 then
    for i = tonumber(s.min), tonumber(s.max) do
      local n = tonumber(s.data[i])
      if n > 0 then out[#out + 1] = i .. "," .. n end
    end
  end
  return "[" .. table.concat(out, ",") .. "]", tonumber(s.count)
end
done = function(summary, latency, requests)
  local e = summary.errors
  local bins, count = histogram(latency)
  io.write(string.format('${MARKER}{"durationUs":%d,"requests":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"minUs":%f,"meanUs":%f,"maxUs":%f,"p50Us":%f,"p90Us":%f,"p99Us":%f,"count":%d,"bins":',
    summary.duration, summary.requests, e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max, latency:percentile(50), latency:percentile(90), latency:percentile(99), count))
  io.write(bins, "}\\n")
end
`;

/** bash's `times` prints the shell's, then its children's, user and system time: "0m1.234s 0m0.567s". */
export const parseChildCpuSeconds = (timesOutput: string): number => {
  const lines = timesOutput.trim().split('\n');
  const children = lines.at(-1) ?? '';
  const matches = [...children.matchAll(/(\d+)m([\d.]+)s/g)];
  return matches.reduce((sum, match) => sum + Number(match[1]) * 60 + Number(match[2]), 0);
};

/** Runs a load generator under bash, whose `times` then gives the generator's CPU seconds (user + system);
 * onStart as it is launched (a process starts in a few ms). */
export const runTimed = async (tool: string, args: readonly string[], signal: AbortSignal | undefined, onStart?: () => void) => {
  const running = execa('bash', ['-c', `${tool} "$@"; status=$?; times >&2; exit $status`, tool, ...args], {
    reject: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  onStart?.();
  const result = await running;
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, signal: result.signal, cpuSeconds: parseChildCpuSeconds(result.stderr) };
};

/** wrk's latency as it timed it, from the histogram its `done` hook printed: the minimum, mean, percentiles and
 * maximum it prints itself are read after its coordinated-omission correction (load/wrk-histogram.ts), which bench
 * undoes. Also the samples the correction had added. Throws where the histogram is missing or is not the one wrk's
 * own figures were read from. */
export const rawWrkLatency = (summary: WrkSummary, connections: number): { readonly stats: HistogramStats; readonly synthetic: number } => {
  const bins = summary.bins;
  if (!bins) throw new Error("wrk's latency histogram could not be read (bench reads it through LuaJIT's FFI, as wrk 4 from Debian has it), so its latency as it timed it is unknown");
  const values = bins.filter((_, index) => index % 2 === 0);
  const counts = bins.filter((_, index) => index % 2 === 1);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const matches = total === summary.count && (total === 0 || (values[0] === summary.minUs && values.at(-1) === summary.maxUs));
  if (!matches) throw new Error(`wrk's latency histogram read ${total} samples over ${values[0] ?? '-'}–${values.at(-1) ?? '-'} µs where wrk counted ${summary.count} over ${summary.minUs}–${summary.maxUs}: not wrk 4's layout`);
  const stats = histogramStats(undoWrkCorrection({ values, counts }, wrkCorrectionInterval(summary.durationUs, summary.requests, connections)));
  return { stats, synthetic: total - stats.count };
};

export const toWrkMeasurement = (summary: WrkSummary, connections: number): LoadMeasurement => {
  const durationSec = summary.durationUs / 1e6;
  const { stats, synthetic } = rawWrkLatency(summary, connections);
  const latency = {
    min: stats.minUs / 1000,
    mean: stats.meanUs / 1000,
    p50: stats.p50Us / 1000,
    p90: stats.p90Us / 1000,
    p99: stats.p99Us / 1000,
    max: stats.maxUs / 1000,
  };
  const errors = summary.connect + summary.read + summary.write + summary.timeout;
  return {
    durationSec,
    requests: summary.requests,
    rps: durationSec > 0 ? summary.requests / durationSec : 0,
    rpsMethod: 'window',
    okRps: durationSec > 0 ? (summary.requests - summary.status) / durationSec : 0,
    // wrk times every response, whatever its status, and cannot tell 2xx apart: both figures are its one.
    latencyMs: latency,
    latencyAnyMs: latency,
    errors,
    timeouts: summary.timeout,
    non2xx: summary.status,
    statusCodes: {},
    wrkCorrectionRemoved: synthetic,
  };
};

export interface WrkOptions extends LoadOptions {
  /** A pause before each request, in whole ms (the paced reference of the cross-check); none by default. */
  readonly pauseMs?: number;
}

export const runWrk = async (options: WrkOptions): Promise<GeneratorRun> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-wrk-'));
  try {
    const bodyFile = options.body ? path.join(dir, 'body') : undefined;
    if (bodyFile && options.body) await writeFile(bodyFile, options.body);
    const script = path.join(dir, 'load.lua');
    const mix = options.requests
      ? await Promise.all(
          options.requests.map(async (request, index) => {
            if (!request.body) return { method: request.method, path: request.path };
            const file = path.join(dir, `body-${index}`);
            await writeFile(file, request.body);
            return { method: request.method, path: request.path, bodyFile: file };
          }),
        )
      : undefined;
    await writeFile(script, luaScript(mix ? undefined : bodyFile, options.method, mix, options.pauseMs));
    const timeoutSec = options.timeoutSec ?? REQUEST_TIMEOUT_SEC;
    const args = ['-t1', `-c${options.connections}`, `-d${options.durationSec}s`, `--timeout`, `${timeoutSec}s`, '-s', script, options.url];
    const result = await runTimed('wrk', args, options.signal, options.onStart);
    const line = result.stdout.split('\n').find((text) => text.startsWith(MARKER));
    if (result.exitCode !== 0 || !line) throw new Error(`wrk failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.split('\n')[0] ?? ''}`);
    const summary = JSON.parse(line.slice(MARKER.length)) as WrkSummary;
    const load = toWrkMeasurement(summary, options.connections);
    return { load, generatorCpuPercent: (result.cpuSeconds / load.durationSec) * 100 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

export const wrkVersion = async (): Promise<string | null> => {
  const result = await execa('wrk', ['-v'], { reject: false });
  const match = /wrk (\S+)/.exec(`${result.stdout}${result.stderr}`);
  return match ? match[1]! : null;
};
