// Measuring one cell on a profile's server: warm-up, then repeats from a quiet server. When cross-checking, each
// repeat is measured by both generators, in alternating order, so that a drift of the machine falls on both alike.
import { aggregateCell } from '../core/aggregate-cell.js';
import { ADMITTED_REPEATS, contentionOf, costApart, crossCheckCell, secondContentionOf, describeContention, wantsMorePairs, wantsPacedReference, wantsPinnedPairs, wantsWireCheck, type PacedCell, type PinnedCells, type WireAgreement } from '../core/agreement.js';
import { boundCell, drainTimeMs, windowSec } from '../core/bounds.js';
import { SAME_SPEED_REPEATS } from '../core/host-speed.js';
import type { EmitEvent } from '../core/events.js';
import type { CellSpec, ProfilePlan, RunPlan } from '../core/plan.js';
import type { CompletedCell, CrossCheck, Isolation, RepeatMeasurement } from '../core/results.js';
import type { Scenario } from '../core/scenarios.js';
import { judgeWire, outsideRepeats, WIRE_TRIES, wireLatencies } from '../core/wire.js';
import type { CapturedTraffic, WireCapture } from '../load/wire-capture.js';
import { isolate } from './isolate.js';
import { measureRepeat, warmUp, type NamedGenerator } from './measure-repeat.js';
import type { HostSpeedProbe } from './host-speed-probe.js';
import type { PinnedApart } from '../servers/pinning.js';
import type { ServerSession } from './server-session.js';

export interface CellOptions {
  readonly plan: RunPlan;
  readonly generator: NamedGenerator;
  readonly reference?: NamedGenerator;
  /** References at a client's pace, in order (wrk pausing pauseMs before each request, then hey): each measures
   * again a cell whose generators differ on latency alone while wantsPacedReference asks for it, to tell a server
   * that answers a client by its pace from a measuring error. */
  readonly pacedReferences?: readonly PacedGenerator[];
  readonly emit: EmitEvent;
  readonly signal: AbortSignal;
  /** CPUs the servers are pinned to, when pinning (the generator then has the others). */
  readonly serverCpus?: string;
  /** The machine's cores, timed through the run (see core/host-speed.ts). */
  readonly hostSpeed?: HostSpeedProbe;
  /** Unpinned: pins the running server and this process apart, for the repeats of a cell measured again that way
   * where wantsPinnedPairs asks (a string says why it cannot); absent where the run is pinned from the start. */
  readonly pinApart?: (serverPid: number) => Promise<PinnedApart | string>;
  /** Starts capturing the traffic to a server's port (load/wire-capture.ts), for a cell still apart on latency
   * alone after every other reference (see wantsWireCheck); absent where the run does not cross-check. */
  readonly captureWire?: (port: number) => Promise<WireCapture>;
}

export interface PacedGenerator extends NamedGenerator {
  /** The pause before each request, or null: the generator's own pace. */
  readonly pauseMs: number | null;
  /** Whether it can send a mix of requests (hey cannot). */
  readonly sendsMix: boolean;
}

export interface CellRun {
  readonly session: ServerSession;
  readonly entry: ProfilePlan;
  readonly cell: CellSpec;
  readonly scenario: Scenario;
  /** Whether load has touched the server since it started: then it must be brought back to quiet. */
  readonly used: boolean;
}

/** Odd repeats run the main generator first, even ones the reference first. */
const orderFor = (repeat: number, main: NamedGenerator, reference: NamedGenerator | undefined): NamedGenerator[] =>
  reference === undefined ? [main] : repeat % 2 === 1 ? [main, reference] : [reference, main];

/** Measures one cell: warm-up, then `plan.repeats` repeats, each isolated (with the reference generator's
 * repeats interleaved when cross-checking, and up to `plan.extraRepeats` more pairs while the cross-check is too
 * noisy to judge); undefined when interrupted. */
export const measureCell = async (run: CellRun, options: CellOptions): Promise<CompletedCell | undefined> => {
  const { plan, emit, signal } = options;
  const { session, cell, scenario, entry } = run;
  const drainMs = drainTimeMs(entry.profile, scenario, cell.connections);
  const durationSec = windowSec(entry.profile, scenario, cell.connections, plan.durationSec, plan.maxWindowSec);
  const bound = boundCell(entry.profile, scenario, cell.connections);
  const context = (generator: NamedGenerator) => ({ server: session.server(), scenario, generator, timeoutSec: bound.requestTimeoutSec, emit, signal, ...(options.hostSpeed ? { hostSpeed: options.hostSpeed } : {}) });
  let used = run.used;
  if (plan.warmupSec > 0) {
    await warmUp(cell, context(options.generator), plan.warmupSec);
    used = true;
  }
  const repeats: RepeatMeasurement[] = [];
  const references: RepeatMeasurement[] = [];
  let referenceFailure: string | undefined;
  /** Brings the server back to quiet (unless nothing has touched it yet) and announces repeat `repeat` of `total`. */
  const quietStart = async (generator: NamedGenerator, repeat: number, total: number): Promise<Isolation> => {
    const isolation: Isolation = used ? await isolate(session, drainMs, signal) : { method: 'fresh', waitedMs: 0, reason: null };
    if (isolation.method === 'restarted') emit({ type: 'log', level: 'info', message: `${cell.id}: restarted the server for a quiet start (${isolation.reason})` });
    emit({ type: 'cell:repeat', cell, repeat, repeats: total, generator: generator.name, isolation });
    used = true;
    return isolation;
  };
  /** Measures repeat number `repeat` of `total` with each generator, into `into` (the cell's repeats, or those
   * pinned apart, after `before` pins the server as it is then); false when interrupted. */
  const measurePair = async (repeat: number, total: number, into = { repeats, references }, before?: () => Promise<void>): Promise<boolean> => {
    const reference = referenceFailure === undefined ? options.reference : undefined;
    for (const generator of orderFor(repeat, options.generator, reference)) {
      if (signal.aborted || session.died()) return false;
      const isolation = await quietStart(generator, repeat, total);
      await before?.();
      if (generator === options.generator) {
        into.repeats.push(await measureRepeat(cell, context(generator), durationSec, isolation));
        continue;
      }
      try {
        into.references.push(await measureRepeat(cell, context(generator), durationSec, isolation));
      } catch (error) {
        // The reference generator failing says nothing about the server: keep the cell, record why there is no check.
        referenceFailure = `${generator.name}: ${(error as Error).message}`;
      }
    }
    return true;
  };
  /** Each generator measured again with its traffic to the server captured (see core/wire.ts), up to WIRE_TRIES
   * times until a repeat stands for the cell's (outsideRepeats); undefined when interrupted. */
  const measureWire = async (why: string, captureWire: NonNullable<CellOptions['captureWire']>, reference: NamedGenerator): Promise<WireAgreement | undefined> => {
    emit({ type: 'log', level: 'info', message: `${cell.id}: autocannon and ${reference.name} still differ, ${why}; measuring the cell again with each one's traffic captured on the wire` });
    const wire: { -readonly [K in keyof WireAgreement]: WireAgreement[K] } = {};
    for (const [role, generator, own] of [['candidate', options.generator, repeats], ['reference', reference, references]] as const) {
      for (let attempt = 1; attempt <= WIRE_TRIES; attempt += 1) {
        if (signal.aborted || session.died()) return undefined;
        const isolation = await quietStart(generator, attempt, WIRE_TRIES);
        const port = session.server().port;
        let capture: WireCapture;
        try {
          capture = await captureWire(port);
        } catch (error) {
          wire.error = (error as Error).message;
          return wire;
        }
        let repeat: RepeatMeasurement;
        try {
          repeat = await measureRepeat(cell, context(generator), durationSec, isolation);
        } catch (error) {
          // No tcpdump outlives its repeat.
          await capture.discard();
          wire.error = `${generator.name} under capture: ${(error as Error).message}`;
          return wire;
        }
        let traffic: CapturedTraffic;
        try {
          traffic = await capture.stop();
        } catch (error) {
          wire.error = `reading ${generator.name}'s capture: ${(error as Error).message}`;
          return wire;
        }
        const outside = outsideRepeats({ rps: repeat.rps, latencyMs: repeat.latencyAnyMs }, own.map((r) => ({ rps: r.rps, latencyMs: r.latencyAnyMs })));
        wire[role] = judgeWire(generator.name, { requests: repeat.requests, latencyMs: repeat.latencyAnyMs }, wireLatencies(traffic.segments, port), traffic.dropped, cell.connections, outside, attempt);
        if (outside === null) break;
        if (attempt < WIRE_TRIES) emit({ type: 'log', level: 'info', message: `${cell.id}: ${generator.name} under capture: ${outside}; capturing again (${attempt + 1} of ${WIRE_TRIES})` });
      }
    }
    return wire;
  };
  for (let repeat = 1; repeat <= plan.repeats; repeat += 1) {
    if (!(await measurePair(repeat, plan.repeats))) return undefined;
  }
  const machine = { cores: entry.profile.cores, pinned: options.serverCpus !== undefined };
  const judge = (paced: readonly PacedCell[] = [], pinned?: PinnedCells, wire?: WireAgreement): CompletedCell => {
    const measured = aggregateCell(cell, repeats, bound, machine);
    if (!options.reference) return measured;
    const crossCheck: CrossCheck =
      referenceFailure !== undefined || references.length === 0
        ? { status: 'failed', error: referenceFailure ?? 'not measured' }
        : crossCheckCell(measured, aggregateCell(cell, references, bound, machine), paced, pinned, wire);
    return { ...measured, crossCheck };
  };
  let result = judge();
  // Too noisy to judge: more pairs, each a chance for the rank-sum test to tell the generators apart or not. Apart
  // with the connections held differently: more pairs, each a chance for both to meet one placement. Apart with
  // connections left waiting to be accepted in some repeats: more pairs, each a chance of one where none were.
  for (let extra = 1; extra <= plan.extraRepeats && isUndecided(result); extra += 1) {
    const total = plan.repeats + plan.extraRepeats;
    const agreement = result.crossCheck?.status === 'completed' ? result.crossCheck.agreement : undefined;
    const why =
      agreement?.verdict !== 'disagree'
        ? 'the cross-check is too noisy to judge'
        : agreement.placement !== undefined && agreement.placement.shared === null
          ? "the generators differ and the server's workers held their connections differently, at no placement both met,"
          : agreement.admission?.atAdmitted === null
            ? `the generators differ, in some repeats the server had not accepted enough connections at first for them to set the p99, and too few repeats of both (${ADMITTED_REPEATS} each) had,`
            : `the generators differ, the host ran the machine's cores at different speeds across the repeats, and no state of the machine has ${SAME_SPEED_REPEATS} repeats of both yet,`;
    emit({ type: 'log', level: 'info', message: `${cell.id}: ${why} after ${plan.repeats + extra - 1} pairs of repeats; measuring pair ${plan.repeats + extra} (up to ${total})` });
    if (!(await measurePair(plan.repeats + extra, total))) return undefined;
    result = judge();
  }
  // Latency apart, req/s alike: the cell again at a client's pace, as many repeats as the reference had.
  const pacedCells: PacedCell[] = [];
  for (const paced of options.pacedReferences ?? []) {
    const check = result.crossCheck;
    // Each reference decides for itself: hey may be wanted where the paced wrk was not (see wantsPacedReference).
    if (check?.status !== 'completed' || !wantsPacedReference(check.agreement, check.reference.rps, cell.connections, paced.pauseMs)) continue;
    if (scenario.requests.length > 1 && !paced.sendsMix) continue;
    const why =
      check.agreement.verdict === 'reference-error'
        ? `${check.reference.generator.name}'s own latency broke Little's law, so autocannon's is not checked yet`
        : `autocannon and ${check.reference.generator.name} differ on latency, not on req/s${paced.pauseMs === null && pacedCells.length === 0 ? ` (a connection's cycle is too short to test the server's answer to the pace by a pause)` : ''}`;
    emit({ type: 'log', level: 'info', message: `${cell.id}: ${why}; measuring the cell again with ${paced.name}` });
    const pacedRepeats: RepeatMeasurement[] = [];
    for (let repeat = 1; repeat <= references.length; repeat += 1) {
      if (signal.aborted || session.died()) return undefined;
      const isolation = await quietStart(paced, repeat, references.length);
      try {
        pacedRepeats.push(await measureRepeat(cell, context(paced), durationSec, isolation));
      } catch (error) {
        emit({ type: 'log', level: 'warn', message: `${cell.id}: ${paced.name} failed, so it does not count: ${(error as Error).message}` });
        pacedRepeats.length = 0;
        break;
      }
    }
    if (pacedRepeats.length === 0) break;
    pacedCells.push({ cell: aggregateCell(cell, pacedRepeats, bound, machine), pauseMs: paced.pauseMs });
    result = judge(pacedCells);
  }
  // Apart unpinned, where sharing the cores may be what set them apart: the cell again, pinned apart.
  const check = result.crossCheck;
  let pinnedFinal: PinnedCells | undefined;
  // Only a completed cross-check has reference repeats to aggregate.
  const referenceCell = check?.status === 'completed' ? aggregateCell(cell, references, bound, machine) : undefined;
  if (options.pinApart && check?.status === 'completed' && referenceCell && wantsPinnedPairs(check.agreement, machine)) {
    const reference = check.reference;
    const contention = contentionOf(result, referenceCell);
    const pin = await options.pinApart(session.server().pid);
    if (typeof pin === 'string') {
      emit({ type: 'log', level: 'warn', message: `${cell.id}: not measured again pinned apart: ${pin}` });
    } else {
      emit({
        type: 'log',
        level: 'info',
        message: `${cell.id}: ${describeContention(contention, reference.generator.name)}; measuring the cell again with the generator on CPU ${pin.generatorCpus} and the server on CPU ${pin.serverCpus}`,
      });
      const pinned = { repeats: [] as RepeatMeasurement[], references: [] as RepeatMeasurement[] };
      const failureBefore = referenceFailure;
      const pinnedMachine = { ...machine, pinned: true };
      const pinnedCells = (): PinnedCells => ({
        measured: aggregateCell(cell, pinned.repeats, bound, pinnedMachine),
        reference: aggregateCell(cell, pinned.references, bound, pinnedMachine),
        generatorCpus: pin.generatorCpus,
        serverCpus: pin.serverCpus,
      });
      const measured = () => referenceFailure === failureBefore && pinned.repeats.length > 0 && pinned.references.length > 0;
      const pinnedVerdict = () => {
        const judged = judge(pacedCells, pinnedCells()).crossCheck;
        return judged?.status === 'completed' ? judged.agreement.pinned?.verdict : undefined;
      };
      try {
        for (let repeat = 1; repeat <= plan.repeats; repeat += 1) {
          if (!(await measurePair(repeat, plan.repeats, pinned, () => pin.pinServer(session.server().pid)))) return undefined;
        }
        // Too noisy to judge pinned apart (waitress-2-50/health@100 on 2026-12-06: wrk's own 3,497–4,442 req/s over
        // three pinned repeats): more pinned pairs, as unpinned.
        const total = plan.repeats + plan.extraRepeats;
        for (let extra = 1; extra <= plan.extraRepeats && measured() && pinnedVerdict() === 'noisy'; extra += 1) {
          emit({ type: 'log', level: 'info', message: `${cell.id}: too noisy to judge pinned apart after ${plan.repeats + extra - 1} pairs of repeats; measuring pinned pair ${plan.repeats + extra} (up to ${total})` });
          if (!(await measurePair(plan.repeats + extra, total, pinned, () => pin.pinServer(session.server().pid)))) return undefined;
        }
      } finally {
        await pin.restore(session.server().pid);
      }
      if (referenceFailure !== failureBefore) {
        // The reference failing pinned says nothing of the check already made: keep it, without the pinned repeats.
        emit({ type: 'log', level: 'warn', message: `${cell.id}: the repeats pinned apart do not count: ${referenceFailure}` });
        referenceFailure = failureBefore;
      } else if (measured()) {
        pinnedFinal = pinnedCells();
        result = judge(pacedCells, pinnedFinal);
      }
    }
  }
  // Still apart on latency alone: each generator again with its own traffic captured, to judge its timing by the wire.
  const last = result.crossCheck;
  const contention = referenceCell ? contentionOf(result, referenceCell) : undefined;
  if (options.captureWire && options.reference && last?.status === 'completed' && wantsWireCheck(last.agreement, contention, secondContentionOf(result, pacedCells))) {
    const cost = costApart(last.agreement, contention);
    const wire = await measureWire(cost === null ? 'on latency alone' : `on req/s where ${cost}`, options.captureWire, options.reference);
    if (wire === undefined) return undefined;
    const own = wire.candidate;
    emit({ type: 'log', level: own?.verdict === 'agree' ? 'info' : 'warn', message: `${cell.id}: wire check: ${own ? `autocannon's timing ${{ agree: 'agrees with', disagree: 'is apart from', incomplete: 'cannot be judged against' }[own.verdict]} its traffic on the wire${own.reasons.length > 0 ? ` (${own.reasons.join('; ')})` : ''}` : `not made: ${wire.error ?? 'no capture'}`}` });
    result = judge(pacedCells, pinnedFinal, wire);
  }
  return signal.aborted ? undefined : result;
};

const isUndecided = (cell: CompletedCell): boolean => cell.crossCheck?.status === 'completed' && wantsMorePairs(cell.crossCheck.agreement);
