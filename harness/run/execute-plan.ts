// The orchestrator: for each profile, launch its server, measure its cells, stop it. It only emits events;
// what is shown, and how, is the listeners' business.
import path from 'node:path';
import type { EmitEvent, RunStatus } from '../core/events.js';
import type { ProfilePlan, RunPlan } from '../core/plan.js';
import type { ProfileLaunch } from '../core/report.js';
import type { CellResult } from '../core/results.js';
import type { Scenario } from '../core/scenarios.js';
import { launchServer, ServerStartError, type RunningServer } from '../servers/launch.js';
import { executeCell } from './execute-cell.js';

export interface ExecuteOptions {
  readonly plan: RunPlan;
  readonly python: string;
  readonly appsDir: string;
  readonly logsDir: string;
  readonly emit: EmitEvent;
  readonly signal: AbortSignal;
  readonly startupTimeoutMs?: number;
}

export interface RunOutcome {
  readonly status: RunStatus;
  readonly results: readonly CellResult[];
  readonly launches: ReadonlyMap<string, ProfileLaunch>;
}

const failCells = (entry: ProfilePlan, error: string): CellResult[] => entry.cells.map((cell) => ({ ...cell, status: 'failed', error }));

export const executePlan = async (options: ExecuteOptions): Promise<RunOutcome> => {
  const { plan, emit, signal } = options;
  const results: CellResult[] = [];
  const launches = new Map<string, ProfileLaunch>();
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
    let server: RunningServer;
    emit({ type: 'server:starting', profile: name });
    try {
      server = await launchServer({
        profile: entry.profile,
        python: options.python,
        appsDir: options.appsDir,
        logFile,
        signal,
        ...(options.startupTimeoutMs ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
      });
    } catch (error) {
      if (!(error instanceof ServerStartError)) throw error;
      if (signal.aborted) break;
      launches.set(name, { commandLine: error.commandLine, startupMs: null, logFile, error: error.message });
      emit({ type: 'server:failed', profile: name, error: error.message });
      failCells(entry, `server did not start: ${error.message.split('\n')[0]}`).forEach(record);
      continue;
    }
    launches.set(name, { commandLine: server.commandLine, startupMs: server.startupMs, logFile, error: null });
    emit({ type: 'server:ready', profile: name, port: server.port, startupMs: server.startupMs, commandLine: server.commandLine });

    let died: string | undefined;
    void server.exited.then((how) => {
      died ??= `server ${how} during the run; see ${logFile}`;
    });
    try {
      for (const cell of entry.cells) {
        if (signal.aborted) break;
        if (died) {
          record({ ...cell, status: 'failed', error: died });
          continue;
        }
        emit({ type: 'cell:start', cell, index, total: plan.totalCells });
        const scenario = scenarios.get(cell.scenario)!;
        const result = await executeCell(cell, { server, scenario, durationSec: plan.durationSec, warmupSec: plan.warmupSec, emit, signal });
        if (signal.aborted) break;
        record(died ? { ...cell, status: 'failed', error: died } : result);
      }
    } finally {
      await server.stop();
      emit({ type: 'server:stopped', profile: name });
    }
  }

  const status: RunStatus = signal.aborted ? 'aborted' : results.some((result) => result.status === 'failed') ? 'failed' : 'completed';
  return { status, results, launches };
};
