// The orchestrator: for each profile, launch its server, measure its cells (warm-up, then repeats, each from
// a quiet server), stop it. It only emits events; what is shown, and how, is the listeners' business.
import path from 'node:path';
import type { EmitEvent, RunStatus } from '../core/events.js';
import { drainTimeMs } from '../core/bounds.js';
import type { ProfilePlan, RunPlan } from '../core/plan.js';
import type { ProfileLaunch } from '../core/report.js';
import type { ProbeResult } from '../core/probe-spec.js';
import type { CellResult } from '../core/results.js';
import type { Scenario } from '../core/scenarios.js';
import { ServerStartError } from '../servers/launch.js';
import type { WireCapture } from '../load/wire-capture.js';
import type { PinnedApart } from '../servers/pinning.js';
import { startHostSpeedProbe, type HostSpeedProbe } from './host-speed-probe.js';
import { isolate } from './isolate.js';
import { measureCell, type PacedGenerator } from './measure-cell.js';
import type { NamedGenerator } from './measure-repeat.js';
import { probeOrder, probePhase, runProbe } from './probes.js';
import { openServerSession, type ServerSession } from './server-session.js';

export interface ExecuteOptions {
  readonly plan: RunPlan;
  readonly python: string;
  readonly appsDir: string;
  readonly logsDir: string;
  readonly generator: NamedGenerator;
  /** A second, independent generator run once per cell after the repeats, to cross-check the first. */
  readonly reference?: NamedGenerator;
  /** References at a client's pace, for cells the reference disagrees with on latency alone (see measureCell). */
  readonly pacedReferences?: readonly PacedGenerator[];
  readonly emit: EmitEvent;
  readonly signal: AbortSignal;
  readonly startupTimeoutMs?: number;
  /** CPUs the servers are pinned to (taskset list), when pinning. */
  readonly serverCpus?: string;
  /** The machine's cores, timed through the run; by default executePlan times them itself for the run. */
  readonly hostSpeed?: HostSpeedProbe;
  /** Unpinned and cross-checking: pins a running server and this process apart for a cell measured again that way
   * (see measureCell). */
  readonly pinApart?: (serverPid: number) => Promise<PinnedApart | string>;
  /** Cross-checking: starts capturing the traffic to a server's port, for a cell still apart on latency alone after
   * every other reference (see measureCell). */
  readonly captureWire?: (port: number) => Promise<WireCapture>;
}

export interface RunOutcome {
  readonly status: RunStatus;
  readonly results: readonly CellResult[];
  readonly launches: ReadonlyMap<string, ProfileLaunch>;
  /** What the profiles' probes measured (bench claims). */
  readonly probes: readonly ProbeResult[];
}

const failCells = (entry: ProfilePlan, error: string): CellResult[] => entry.cells.map((cell) => ({ ...cell, status: 'failed', error }));

export const executePlan = async (options: ExecuteOptions): Promise<RunOutcome> => {
  const hostSpeed = options.hostSpeed ?? startHostSpeedProbe(options.python);
  try {
    return await executeWith({ ...options, hostSpeed });
  } finally {
    if (options.hostSpeed === undefined) hostSpeed.stop();
  }
};

const executeWith = async (options: ExecuteOptions): Promise<RunOutcome> => {
  const { plan, emit, signal } = options;
  const results: CellResult[] = [];
  const launches = new Map<string, ProfileLaunch>();
  const probeResults: ProbeResult[] = [];
  const scenarios = new Map<string, Scenario>(plan.scenarios.map((scenario) => [scenario.name, scenario]));
  let index = 0;

  const record = (result: CellResult): void => {
    index += 1;
    results.push(result);
    emit({ type: 'cell:done', cell: result, result, index, total: plan.totalCells });
  };

  for (const entry of plan.profiles) {
    if (signal.aborted) break;
    const name = entry.profile.name;
    const logFile = path.join(options.logsDir, `${name}.log`);
    emit({ type: 'server:starting', profile: name });
    let session: ServerSession;
    try {
      session = await openServerSession({
        profile: entry.profile,
        python: options.python,
        appsDir: options.appsDir,
        logFile,
        signal,
        ...(options.startupTimeoutMs ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
        ...(options.serverCpus ? { cpus: options.serverCpus } : {}),
      });
    } catch (error) {
      if (!(error instanceof ServerStartError)) throw error;
      if (signal.aborted) break;
      launches.set(name, { commandLine: error.commandLine, startupMs: null, logFile, error: error.message });
      emit({ type: 'server:failed', profile: name, error: error.message });
      failCells(entry, `server did not start: ${error.message.split('\n')[0]}`).forEach(record);
      continue;
    }
    const first = session.server();
    launches.set(name, { commandLine: first.commandLine, startupMs: first.startupMs, logFile, error: null });
    emit({ type: 'server:ready', profile: name, port: first.port, startupMs: first.startupMs, commandLine: first.commandLine });

    const probes = entry.probes ?? [];
    const workers = entry.profile.server === 'gunicorn' ? (entry.profile.settings.workers as number) : 0;
    const probeContext = { session, profile: name, workers, generator: options.generator.run, signal };
    const probe = async (spec: (typeof probes)[number]): Promise<ProbeResult> => {
      emit({ type: 'log', level: 'info', message: `${name}: measuring ${spec.kind}` });
      const measured = await runProbe(spec, probeContext);
      emit({ type: 'probe:done', result: measured });
      return measured;
    };
    let alongside: Promise<ProbeResult[]> = Promise.resolve([]);
    try {
      for (const spec of probes.filter((p) => probePhase(p) === 'before')) {
        if (!signal.aborted) probeResults.push(await probe(spec));
      }
      alongside = Promise.all(probes.filter((p) => probePhase(p) === 'alongside').map(probe));
      let used = false;
      let lastDrainMs = 0;
      for (const cell of entry.cells) {
        if (signal.aborted) break;
        const died = session.died();
        if (died) {
          record({ ...cell, status: 'failed', error: died });
          continue;
        }
        emit({ type: 'cell:start', cell, index, total: plan.totalCells });
        const scenario = scenarios.get(cell.scenario)!;
        const measured = await measureCell({ session, entry, cell, scenario, used }, options);
        used = true;
        lastDrainMs = drainTimeMs(entry.profile, scenario, cell.connections);
        if (signal.aborted) break;
        const diedDuring = session.died();
        record(diedDuring || !measured ? { ...cell, status: 'failed', error: diedDuring ?? 'not measured' } : measured);
      }
      for (const spec of [...probes.filter((p) => probePhase(p) === 'after')].sort((a, b) => probeOrder(a) - probeOrder(b))) {
        if (signal.aborted || session.died()) break;
        // From a quiet server, like every cell: waitress still worked through a cell's leftovers of 100 clients
        // when ten colleagues' analyses arrived (makespan 5.1 s instead of 3.0).
        if (used) {
          const isolation = await isolate(session, lastDrainMs, signal);
          if (isolation.method === 'restarted') emit({ type: 'log', level: 'info', message: `${name}: restarted the server for a quiet ${spec.kind} (${isolation.reason})` });
        }
        probeResults.push(await probe(spec));
      }
      probeResults.push(...(await alongside));
    } finally {
      await session.stop();
      emit({ type: 'server:stopped', profile: name });
    }
  }

  const status: RunStatus = signal.aborted ? 'aborted' : results.some((result) => result.status === 'failed') ? 'failed' : 'completed';
  return { status, results, launches, probes: probeResults };
};
