// Measuring one cell on a profile's server: warm-up, repeats from a quiet server, and the cross-check.
import { aggregateCell, GENERATOR_BOUND_CPU_PERCENT } from '../core/aggregate-cell.js';
import { judgeAgreement } from '../core/agreement.js';
import { boundCell, drainTimeMs, windowSec } from '../core/bounds.js';
import type { EmitEvent } from '../core/events.js';
import type { CellSpec, ProfilePlan, RunPlan } from '../core/plan.js';
import type { CompletedCell, CrossCheck, Isolation, RepeatMeasurement } from '../core/results.js';
import type { Scenario } from '../core/scenarios.js';
import { isolate } from './isolate.js';
import { measureRepeat, warmUp, type NamedGenerator } from './measure-repeat.js';
import type { ServerSession } from './server-session.js';

export interface CellOptions {
  readonly plan: RunPlan;
  readonly generator: NamedGenerator;
  readonly reference?: NamedGenerator;
  readonly emit: EmitEvent;
  readonly signal: AbortSignal;
}

const figuresOf = (name: string, load: CompletedCell | RepeatMeasurement, cpuPercent: number) => ({
  name,
  load,
  cpuPercent,
  generatorBound: cpuPercent >= GENERATOR_BOUND_CPU_PERCENT,
});

const crossCheck = (measured: CompletedCell, reference: RepeatMeasurement): CrossCheck => {
  const candidate = figuresOf(measured.generator.name, measured, measured.generator.cpuPercent);
  const other = figuresOf(reference.generator.name, reference, reference.generator.cpuPercent);
  return { status: 'completed', reference: { ...reference, generatorBound: other.generatorBound }, agreement: judgeAgreement(candidate, other) };
};

export interface CellRun {
  readonly session: ServerSession;
  readonly entry: ProfilePlan;
  readonly cell: CellSpec;
  readonly scenario: Scenario;
  /** Whether load has touched the server since it started: then it must be brought back to quiet. */
  readonly used: boolean;
}

/** Measures one cell: warm-up, then `plan.repeats` repeats, each isolated, then the reference generator once
 * if cross-checking; undefined when interrupted. */
export const measureCell = async (run: CellRun, options: CellOptions): Promise<CompletedCell | undefined> => {
  const { plan, emit, signal } = options;
  const { session, cell, scenario, entry } = run;
  const drainMs = drainTimeMs(entry.profile, scenario, cell.connections);
  const durationSec = windowSec(entry.profile, scenario, cell.connections, plan.durationSec);
  const context = () => ({ server: session.server(), scenario, generator: options.generator, emit, signal });
  let used = run.used;
  if (plan.warmupSec > 0) {
    await warmUp(cell, context(), plan.warmupSec);
    used = true;
  }
  const repeats: RepeatMeasurement[] = [];
  for (let repeat = 1; repeat <= plan.repeats; repeat += 1) {
    if (signal.aborted || session.died()) return undefined;
    const isolation: Isolation = used ? await isolate(session, drainMs, signal) : { method: 'fresh', waitedMs: 0, reason: null };
    if (isolation.method === 'restarted') emit({ type: 'log', level: 'info', message: `${cell.id}: restarted the server for a quiet start (${isolation.reason})` });
    emit({ type: 'cell:repeat', cell, repeat, repeats: plan.repeats, isolation });
    repeats.push(await measureRepeat(cell, context(), durationSec, isolation));
    used = true;
  }
  if (signal.aborted) return undefined;
  const measured = aggregateCell(cell, repeats, boundCell(entry.profile, scenario, cell.connections));
  if (!options.reference) return measured;
  const isolation = await isolate(session, drainMs, signal);
  try {
    const reference = await measureRepeat(cell, { ...context(), generator: options.reference }, durationSec, isolation);
    return signal.aborted ? undefined : { ...measured, crossCheck: crossCheck(measured, reference) };
  } catch (error) {
    // The reference generator failing says nothing about the server: keep the cell, record why there is no check.
    return signal.aborted ? undefined : { ...measured, crossCheck: { status: 'failed', error: (error as Error).message } };
  }
};

