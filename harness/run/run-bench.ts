// The pipeline behind `bench run`: provision → plan → execute → report. It writes files but prints nothing;
// what the user sees is the caller's choice, fed by the events.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PACE_PAUSE_MS } from '../core/agreement.js';
import type { EmitEvent, RunStatus } from '../core/events.js';
import { buildPlan, selectProfiles, type RunPlan } from '../core/plan.js';
import type { Profile } from '../core/profile-schema.js';
import { buildReport, type ProfileLaunch, type Report } from '../core/report.js';
import { judgeClaims, type ClaimRow, type DocumentClaim } from '../core/claims-report.js';
import type { ProbeResult } from '../core/probe-spec.js';
import type { CellResult } from '../core/results.js';
import { resolveProfile } from '../core/resolve-profile.js';
import { buildScenarios, type ScenarioName, type ScenarioOptions } from '../core/scenarios.js';
import { APPS_DIR } from '../paths.js';
import { collectEnvironment } from '../report/environment.js';
import { createRunDirectory } from '../report/run-directory.js';
import { pointLatest, writeReport } from '../report/write-report.js';
import { runAutocannon } from '../load/autocannon-thread.js';
import { runWrk } from '../load/wrk-load.js';
import { runHey } from '../load/hey-load.js';
import { startWireCapture } from '../load/wire-capture.js';
import { applyPinning, NOT_PINNED, pinApart } from '../servers/pinning.js';
import { ProvisionError, provisionServers, provisionTool } from '../servers/provision.js';
import { autocannonPatchProblem } from '../load/autocannon-patch.js';
import { resolvePython } from '../servers/python.js';
import { executePlan } from './execute-plan.js';

export interface RunRequest {
  readonly catalog: ReadonlyMap<string, Profile>;
  readonly profiles: readonly string[];
  /** Add each production profile's dev-mode counterpart. Default: true. */
  readonly withCounterparts: boolean;
  readonly scenarios: readonly ScenarioName[];
  readonly scenarioOptions: ScenarioOptions;
  readonly connections: readonly number[];
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly repeats: number;
  /** With crossCheck: pairs of repeats added, up to this many, to a cell too noisy to judge. Default: 0. */
  readonly extraRepeats?: number;
  /** Pin servers and generator to separate cores. Default: false. */
  readonly pin: boolean;
  /** Also measure each cell once with wrk and judge the agreement. Default: false. */
  readonly crossCheck: boolean;
  readonly outDir: string;
  readonly startupTimeoutMs: number;
  /** A plan built by the caller (bench claims: sparse cells and probes) instead of profiles × scenarios × connections. */
  readonly plan?: RunPlan;
  /** Claims to judge from what the run measured; those it does not cover are left out unless `all` is set. */
  readonly claims?: ClaimsToJudge;
  /** The command line as typed, for the report. */
  readonly command: readonly string[];
  readonly emit: EmitEvent;
  readonly signal: AbortSignal;
}

export interface ClaimsToJudge {
  readonly claims: readonly DocumentClaim[];
  readonly catalog: ReadonlyMap<string, Profile>;
  /** Claims the plan left out on purpose, and why. */
  readonly skipped?: ReadonlyMap<string, string>;
  /** Show every claim, measured or not (bench claims); otherwise only those the run measured (bench run). */
  readonly all: boolean;
}

/** The claims table of a run: each claim judged from the run's cells and probes. */
export const claimRows = (toJudge: ClaimsToJudge, results: readonly CellResult[], probes: readonly ProbeResult[], cores: number): ClaimRow[] => {
  const rows = judgeClaims(toJudge.claims, results, probes, { catalog: toJudge.catalog, cores, ...(toJudge.skipped ? { skipped: toJudge.skipped } : {}) });
  return toJudge.all ? rows : rows.filter((row) => row.evidence.length > 0);
};

export interface RunResult {
  readonly report: Report;
  readonly runDir: string;
}

export const planRun = (request: Pick<RunRequest, 'catalog' | 'profiles' | 'withCounterparts' | 'scenarios' | 'scenarioOptions' | 'connections' | 'durationSec' | 'warmupSec' | 'repeats' | 'extraRepeats'>): RunPlan =>
  buildPlan({
    profiles: selectProfiles(request.profiles, request.catalog, request.withCounterparts).map((profile) => resolveProfile(profile, { cores: os.availableParallelism() })),
    scenarios: buildScenarios(request.scenarios, request.scenarioOptions),
    connections: request.connections,
    durationSec: request.durationSec,
    warmupSec: request.warmupSec,
    repeats: request.repeats,
    extraRepeats: request.extraRepeats ?? 0,
  });

export const runBench = async (request: RunRequest): Promise<RunResult> => {
  const { emit, signal } = request;
  const plan = request.plan ?? planRun(request);
  const log = (message: string): void => emit({ type: 'log', level: 'info', message });
  // Before anything is started: an autocannon without bench's patch would measure, wrongly, without a word.
  const unpatched = autocannonPatchProblem();
  if (unpatched !== null) throw new ProvisionError(unpatched);
  const inventory = await provisionServers({ python: resolvePython(), log });
  if (request.crossCheck) {
    await provisionTool('wrk', log);
    await provisionTool('hey', log);
    // The wire check (core/wire.ts) is the last reference a cell is asked for: without tcpdump, the cells that would
    // need it say why it was not made, and the rest of the cross-check stands.
    await provisionTool('tcpdump', log).catch((error: Error) => emit({ type: 'log', level: 'warn', message: `no wire check possible: ${error.message}` }));
  }
  const pinning = request.pin ? await applyPinning() : NOT_PINNED;
  const environment = await collectEnvironment(inventory);
  const startedAt = new Date();
  const { runId, runDir } = await createRunDirectory(request.outDir, plan.profiles.map((entry) => entry.profile.name).join('+'), startedAt);
  const logsDir = path.join(runDir, 'logs');
  await mkdir(logsDir, { recursive: true });

  const report = (status: RunStatus, results: readonly CellResult[], launches: ReadonlyMap<string, ProfileLaunch>, probes: readonly ProbeResult[] = []): Report =>
    buildReport({
      runId,
      status,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      command: request.command,
      plan,
      environment,
      pinning,
      launches,
      results,
      probes,
      ...(request.claims ? { claims: claimRows(request.claims, results, probes, environment.cores) } : {}),
    });

  // Written after every cell (as "aborted" until the run ends), so an interrupted or killed run keeps what it measured.
  const interim: CellResult[] = [];
  const interimProbes: ProbeResult[] = [];
  const writeInterim = (): Promise<void> => writeReport(report('aborted', interim, new Map(), interimProbes), runDir);
  let pending: Promise<void> = Promise.resolve();
  const emitAndKeep: EmitEvent = (event) => {
    emit(event);
    if (event.type === 'cell:done' || event.type === 'probe:done') {
      if (event.type === 'cell:done') interim.push(event.result);
      else interimProbes.push(event.result);
      pending = pending.then(writeInterim, writeInterim);
    }
  };

  emit({ type: 'run:start', runId, runDir, totalCells: plan.totalCells, profiles: plan.profiles.map((entry) => entry.profile.name) });
  await pointLatest(request.outDir, runDir);
  const outcome = await executePlan({
    plan,
    python: inventory.python.path,
    appsDir: APPS_DIR,
    logsDir,
    generator: { name: 'autocannon', run: runAutocannon },
    ...(request.crossCheck
      ? {
          reference: { name: 'wrk', run: runWrk },
          pacedReferences: [
            { name: `wrk pausing ${PACE_PAUSE_MS} ms`, pauseMs: PACE_PAUSE_MS, sendsMix: true, run: (options) => runWrk({ ...options, pauseMs: PACE_PAUSE_MS }) },
            { name: 'hey', pauseMs: null, sendsMix: false, run: runHey },
          ],
        }
      : {}),
    emit: emitAndKeep,
    signal,
    startupTimeoutMs: request.startupTimeoutMs,
    ...(pinning.serverCpus ? { serverCpus: pinning.serverCpus } : {}),
    // Unpinned, a cell apart where autocannon's cost may have taken the server's cores is measured again pinned apart.
    ...(request.crossCheck && !pinning.applied ? { pinApart: (serverPid: number) => pinApart(serverPid) } : {}),
    ...(request.crossCheck ? { captureWire: (port: number) => startWireCapture(port) } : {}),
  });
  await pending;
  const final = report(outcome.status, outcome.results, outcome.launches, outcome.probes);
  await writeReport(final, runDir);
  emit({ type: 'run:done', status: outcome.status, runDir });
  return { report: final, runDir };
};
