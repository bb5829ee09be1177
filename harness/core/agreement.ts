// Whether two load generators agree on a cell: the acceptance rule of `bench validate`.
import { median } from 'simple-statistics';
import type { CompletedCell, CrossCheck, LoadMeasurement, ProcessMeasurement, ReferenceFigures } from './results.js';
import { medianLoopLatenessMs } from './generator-bound.js';
import { cellSpeeds, classOfSpeeds, SAME_SPEED_REPEATS, type RepeatSpeed } from './host-speed.js';
import { rankSumPValue } from './statistics.js';
import type { WireCheck } from './wire.js';

/** autocannon's requests/s must be within this share of the reference generator's. */
export const RPS_TOLERANCE = 0.15;
/** Its p50 and p99 within this share, or LATENCY_TOLERANCE_MS, whichever is larger. */
export const LATENCY_TOLERANCE = 0.25;
export const LATENCY_TOLERANCE_MS = 1;
/** A generator's requests in flight (req/s × mean latency, Little's law) may exceed its connections by this share
 * before its latency is judged wrong: no more requests can wait than there are connections to wait on. */
export const LITTLES_LAW_TOLERANCE = 0.1;
/** Where a generator's own repeats spread wider than the tolerance, a difference beyond it disagrees only if the
 * rank-sum test finds the two generators' repeats different at this level: otherwise it may be chance. */
export const DIFFERENCE_ALPHA = 0.05;
/** The pause the paced reference takes before each request: wrk's `delay` hook, whose timer counts whole ms. */
export const PACE_PAUSE_MS = 1;
/** The pause may take at most this share of a connection's cycle (connections ÷ req/s): it then lowers the load the
 * reference offers, and by Little's law the requests it keeps in flight (so the latency a saturated server gives
 * them), by no more than that share, less than the tolerances (15% req/s, 25% latency) a reading must move beyond
 * for paceMoves: a larger move is the server's. (5% until gunicorn-gevent/upload@10 at 711 req/s, a 14 ms cycle,
 * where 1 ms is 7%, went unchecked, p99 20 vs 42 ms.) */
export const PACE_MAX_SHARE = 0.1;

export interface GeneratorFigures {
  readonly name: string;
  /** Medians over the repeats. */
  readonly load: LoadMeasurement;
  /** Each repeat's own figures: their spread is the generator's repeat-to-repeat noise. With the machine's speed
   * over the repeat, where it was recorded (see cellSpeeds). */
  readonly repeats: readonly (LoadMeasurement & RepeatSpeed)[];
  readonly cpuPercent: number;
  /** Why this generator set the pace of the cell, or null. */
  readonly generatorBound: string | null;
  /** How late its event loop ran past a 1 ms timer at the 99th percentile, median over the repeats (autocannon
   * measures it; wrk does not): a response that arrives while the loop is busy is timed late by up to that much. */
  readonly loopLatenessMs?: number | null;
  /** Each repeat's placement (see placementOf), in the order of `repeats`; absent where not recorded. */
  readonly placements?: readonly (string | null)[];
}

/**
 * agree: every figure within its tolerance. disagree: a figure differs by more than its tolerance, and either no
 * generator's repeats spread wider than that tolerance or the rank-sum test finds the two generators' repeats
 * different (p ≤ DIFFERENCE_ALPHA: a steady difference, however wide each one's spread). noisy: a figure differs
 * by more than its tolerance, one generator's own repeats spread wider than that tolerance, and the test cannot
 * tell the two apart (with 3 repeats each, even every repeat of one beyond every repeat of the other happens 1
 * time in 10 by chance; `bench validate` then measures more pairs of the cell).
 * reference-error: the reference generator's own figures break Little's law (more requests in flight than
 * connections), so its latency cannot be right and is not compared; its requests/s still is.
 * pace-dependent: the two differed on latency (or the reference's broke Little's law) with their req/s alike (or
 * apart only within a generator's own noise); wrk,
 * measuring the cell again with a pause of PACE_PAUSE_MS before each request, read a latency or req/s apart from its
 * own back-to-back one (the server moves with the client's pace: only the pause changed); and a reference at a
 * client's pace (that paced wrk, or else hey, an independent generator in Go whose client, like autocannon's and any
 * real client's, takes tens of µs between an answer and its next request) agrees with autocannon on every figure,
 * req/s included. The difference was the server's: it answers a client that sends its next request at once (wrk, a
 * few µs after the answer) in another order than one that takes longer.
 * placement-dependent: the two differed (disagree or noisy) over all their repeats; the server's processes held the
 * keep-alive connections differently under the two (see placementOf: gunicorn-gthread/io@10, 2 workers × 4 threads,
 * 9 + 1 connections serve 4 + 1 at a time, 50 req/s, and 7 + 3 serve 4 + 3, 70 req/s, whichever generator made
 * them); and on the repeats where both met the same placement, autocannon agrees with the reference on every
 * figure. Where a worker accepts a burst of connects is the server's doing, not the instrument's.
 * admission-dependent: the two differed (disagree or noisy), and in some repeats the server had left so many of the
 * load's connections in the kernel's accept queue at its first sample that their first answers could set the p99
 * (see judgeAdmission: waitress-8-200/cpu@100 accepts one connection per turn of a main loop its CPU-bound threads
 * starve, so a burst of connects waits up to the whole repeat, by chance of the race); and on the repeats where it
 * had not, autocannon agrees with a reference on every figure.
 * second-reference: the reference's own figures broke Little's law (reference-error: its latency cannot be right),
 * and hey, measured back-to-back as a second independent reference, kept to it and agrees with autocannon on every
 * figure (gunicorn-gevent/health@10: about 4,650 req/s by both, wrk's 4.77 ms mean putting 22 requests in flight
 * on 10 connections, hey's 10.1; since item 25 wrk's own timing keeps to the law there). Also where the two
 * differed on latency alone and a pause would take too much of a connection's cycle to test whether the server
 * answers by the client's pace (see pauseFits), and hey agrees with autocannon on every figure. Where hey, keeping to
 * Little's law, disagrees with autocannon, the cell is a disagreement (see judgePaced).
 * speed-dependent: the two differed (disagree or noisy) over all their repeats; the host ran the machine's cores at
 * different speeds across them (see core/host-speed.ts: a shared host runs a virtual core at half speed for seconds
 * to minutes at a time); and on the repeats where the machine was in the same state (each core at full speed or
 * slowed alike), autocannon agrees with the reference on every figure. A repeat in a slow phase measured the host
 * as much as the server, whichever generator ran it.
 * pin-dependent: the two differed (disagree or noisy), or the reference's latency broke Little's law
 * (reference-error), with server and generator sharing the machine's cores; and
 * measured again with the server on some cores and the generator on another (as --pin does), autocannon agrees with
 * the reference on every figure (see wantsPinnedPairs). Unpinned, each share of a core the generator takes can be
 * taken from the server (waitress-like/upload@10: the server at 102–106% of a core beside autocannon at 33–40%, at
 * 111–116% beside wrk at 9–10%, 661 against 780 req/s; pinned, 821 against 817), and where the scheduler runs the
 * server's threads decides what a GIL-bound server gets done with its CPU (waitress-2-50/health@100: a whole core for
 * 462 req/s beside wrk, 1,005 beside autocannon; pinned, 3,211 against 3,303): a difference in the generators' cost
 * and the scheduler's placement, not in what they measure.
 * wire-checked: the two still differed after every other reference, with no generator saturated, on latency alone
 * (req/s alike, or apart only within a generator's own noise) or on req/s at the server's cost (see costApart);
 * measured again with each one's traffic captured on the wire (see core/wire.ts), in a repeat that stands for the
 * cell's (outsideRepeats), autocannon's own count, p50 and p99 are within tolerance of what its connections got on
 * the wire. autocannon counted and timed its own answers right, so the difference is in the answers the server gave
 * each client (gunicorn-gevent/health@10: autocannon p99 29.0 ms timed and on the wire, wrk's 76.2 over the cell),
 * not in the instrument; the reference's own wire check, where made, says whether wrk timed its own right too.
 */
export type AgreementVerdict =
  | 'agree'
  | 'disagree'
  | 'noisy'
  | 'reference-error'
  | 'pace-dependent'
  | 'placement-dependent'
  | 'admission-dependent'
  | 'second-reference'
  | 'speed-dependent'
  | 'pin-dependent'
  | 'wire-checked';

/** How an excluded cell within its tolerance all the same (Agreement.withinTolerance) is told, in every view. */
export const WITHIN_TOLERANCE = 'within the tolerance all the same';

export interface Agreement {
  /** (autocannon − reference) ÷ reference. */
  readonly rpsDifference: number | null;
  readonly p50DifferenceMs: number;
  readonly p99DifferenceMs: number;
  readonly verdict: AgreementVerdict;
  /** The instruments agree: verdict 'agree', or 'pace-dependent', 'placement-dependent' or 'admission-dependent'
   * (they agree at the same pace, placement or admission), or 'second-reference' (with hey, where wrk's latency
   * could not be right), or 'speed-dependent' (on the repeats where the host ran the cores at the same speeds), or
   * 'pin-dependent' (measured again with the server and the generator on separate cores), or 'wire-checked'
   * (autocannon timed what its connections got on the wire; the server served the reference differently). */
  readonly agrees: boolean;
  /** The figures beyond their tolerance and beyond the noise, in words. */
  readonly disagreements: readonly string[];
  /** The figures beyond their tolerance but within a generator's own noise, in words. */
  readonly noise: readonly string[];
  /** Whether req/s was among those: beyond its tolerance, within the noise (see wantsPacedReference). */
  readonly rpsNoisy?: boolean;
  /** Requests in flight per connection by Little's law (req/s × mean latency ÷ connections), median over the
   * repeats: at most 1 for a correct measurement. */
  readonly inFlightPerConnection: { readonly candidate: number; readonly reference: number };
  /** Why the reference's latency cannot be right, or null. */
  readonly referenceError: string | null;
  /** Why the cell does not count (a generator was saturated, or autocannon's latency differs within its own event
   * loop's lateness), or null. */
  readonly excluded: string | null;
  /** Every figure compared (req/s, p50, p99; req/s alone where the reference's latency broke Little's law) within its
   * tolerance, back-to-back. Told of an excluded cell, so that a reader sees whether its exclusion hides a difference:
   * flask-dev-single/cpu@1 at 60c228b, generator-bound by a hair, read 85.8 against 87.9 req/s. Absent in reports
   * written before it. */
  readonly withinTolerance?: boolean;
  /** The cell measured again at a client's pace, in order (see wantsPacedReference); absent where it was not. */
  readonly paced?: readonly PacedAgreement[];
  /** Whether wrk, pausing before each request, read the cell apart from its back-to-back reading (see paceMoves). */
  readonly paceShown?: boolean;
  /** Where the host ran the cores at different speeds across the back-to-back and the paced wrk's repeats: each
   * repeat's speeds, and the state of the machine whose repeats paceMoves compared (see PaceSpeed). */
  readonly paceSpeed?: PaceSpeed;
  /** Where the two differed and the server's processes held the connections differently from repeat to repeat. */
  readonly placement?: PlacementAgreement;
  /** Where the two still differ: how many of the load's connections the server had accepted at its first sample
   * under each, and where that could set a repeat's p99, the judgement on the repeats where it could not (see
   * judgeAdmission). */
  readonly admission?: Admission;
  /** Where the two still differ and the host ran the cores at different speeds across the repeats: each repeat's
   * speeds, and the judgement on the repeats at the same speed (see judgeSpeed). */
  readonly speed?: SpeedAgreement;
  /** Where the two still differ unpinned and autocannon's cost may have taken the server's cores: the cell measured
   * again pinned apart, and autocannon judged there (see judgePinned). */
  readonly pinned?: PinnedAgreement;
  /** Where the two still differ after every other reference: each generator's timing against its own traffic on the
   * wire (see wantsWireCheck, judgeWireChecks). */
  readonly wire?: WireAgreement;
}

/** The wire checks of a cell: autocannon's, and the reference's where it was made; or why none could be. */
export interface WireAgreement {
  readonly candidate?: WireCheck;
  readonly reference?: WireCheck;
  /** Why the traffic could not be captured or read (no tcpdump, no permission to capture, a failed repeat). */
  readonly error?: string;
  /** Where the two differed on req/s: the server's CPU under each and per answer, which made it its cost (see
   * costApart). */
  readonly serverCost?: string;
}

/** The generators' CPU and the server's under each, unpinned (medians over the repeats; 100 = one core). */
export interface Contention {
  readonly candidateCpuPercent: number;
  readonly referenceCpuPercent: number;
  readonly serverUnderCandidate: number;
  readonly serverUnderReference: number;
  /** The server's CPU per answer under each, in ms of one core (its CPU over req/s); absent in reports written
   * before it was recorded, or where a generator got no answer. */
  readonly serverMsPerAnswer?: { readonly candidate: number; readonly reference: number };
}

/** autocannon against the reference, both measured again with the server and the generator on separate cores. */
export type PinnedAgreement = SubsetJudgement & {
  readonly generatorCpus: string;
  readonly serverCpus: string;
  /** The unpinned CPU figures, beside the judgement (see wantsPinnedPairs). */
  readonly contention: Contention;
};

/** The two generators' repeats by the machine's speed (see judgeSpeed). */
export interface SpeedAgreement {
  /** Each repeat's speed of each core (cellSpeeds: 1 = the fastest any repeat of the cell ran it; null where unknown),
   * autocannon's and the reference's, in order. */
  readonly candidate: readonly (readonly (number | null)[])[];
  readonly reference: readonly (readonly (number | null)[])[];
  /** The speed class (speedClassOf) both met with SAME_SPEED_REPEATS repeats each, the one with the most repeats on
   * the fewer side, judged on its repeats alone; null where none. */
  readonly shared: string | null;
  /** autocannon against the reference on the repeats of the shared class. */
  readonly atShared?: SubsetJudgement;
}

/** The back-to-back and the paced wrk's repeats by the machine's speed (see paceMoves). */
export interface PaceSpeed {
  /** Each repeat's speed of each core (cellSpeeds over the repeats of both), the back-to-back wrk's and the paced
   * one's, in order. */
  readonly reference: readonly (readonly (number | null)[])[];
  readonly paced: readonly (readonly (number | null)[])[];
  /** The speed class (speedClassOf) both met with SAME_SPEED_REPEATS repeats each, whose repeats alone were compared;
   * null where none: the pause is then not shown to move wrk. */
  readonly shared: string | null;
}

/** How many of the load's connections the server had accepted at its first sample of each repeat, median over the
 * repeats, under each generator; and where that could set a repeat's p99, the judgement on the repeats where it
 * could not (see judgeAdmission). */
export interface Admission {
  readonly candidate: number;
  readonly reference: number;
  readonly connections: number;
  /** Each repeat's connections not yet accepted at the first sample (lateConnections), autocannon's and the
   * back-to-back reference's, in order; absent where no repeat had enough of them to set its p99. */
  readonly late?: { readonly candidate: readonly (number | null)[]; readonly reference: readonly (number | null)[] };
  /** autocannon against a reference (the back-to-back one, else one at a client's pace) on the repeats whose late
   * connections were too few to set the p99, where both had at least ADMITTED_REPEATS of them; null where none
   * had; absent where no repeat's late connections could set its p99. */
  readonly atAdmitted?: (SubsetJudgement & { readonly generator: string; readonly pauseMs: number | null }) | null;
}

/** A generator's medians over a subset of its repeats. */
export interface FiguresAt {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** A repeat counts as admitted where its late connections (each one answer that waited in the accept queue) are
 * fewer than this share of its answers: then they cannot reach its p99. */
export const LATE_ADMISSION_SHARE = 0.01;
/** Admitted repeats each generator needs before the two are judged on them alone. */
export const ADMITTED_REPEATS = 2;

/** The share of the connections by which the two generators' admissions must differ to be noted. */
export const ADMISSION_DIFFERENCE = 0.1;

/** The two generators' repeats by where the server's processes held their connections (see judgePlacement). */
export interface PlacementAgreement {
  /** Each repeat's placement (placementOf), autocannon's and the reference's, in order. */
  readonly candidate: readonly (string | null)[];
  readonly reference: readonly (string | null)[];
  /** The placement both met, judged on its repeats alone (the one with the most repeats on the fewer side), or null. */
  readonly shared: string | null;
  /** autocannon against the reference on the repeats at the shared placement. */
  readonly atShared?: SubsetJudgement;
}

/** A reading at a client's pace, and autocannon judged against it (verdict … referenceError as in Agreement; agrees:
 * verdict 'agree' and not excluded). */
export interface PacedAgreement extends Pick<Agreement, 'rpsDifference' | 'verdict' | 'agrees' | 'disagreements' | 'noise' | 'referenceError' | 'excluded'> {
  readonly generator: string;
  /** The pause before each request (wrk), or null: the generator's own pace (hey). */
  readonly pauseMs: number | null;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** (its req/s − back-to-back reference's) ÷ back-to-back reference's: how far the pace moved the server's throughput. */
  readonly loadChange: number;
}

interface Metric {
  readonly label: string;
  readonly unit: string;
  readonly pick: (load: LoadMeasurement) => number;
  /** How far apart two values of this metric may be, around the reference value. */
  readonly allowed: (reference: number) => number;
  readonly rule: string;
}

const METRICS: readonly Metric[] = [
  { label: 'req/s', unit: '', pick: (l) => l.rps, allowed: (ref) => RPS_TOLERANCE * ref, rule: `±${RPS_TOLERANCE * 100}%` },
  // Latency of every answer, whatever its status: the only latency wrk gives.
  { label: 'p50', unit: ' ms', pick: (l) => l.latencyAnyMs.p50, allowed: (ref) => Math.max(LATENCY_TOLERANCE * ref, LATENCY_TOLERANCE_MS), rule: `±${LATENCY_TOLERANCE * 100}% or ${LATENCY_TOLERANCE_MS} ms` },
  { label: 'p99', unit: ' ms', pick: (l) => l.latencyAnyMs.p99, allowed: (ref) => Math.max(LATENCY_TOLERANCE * ref, LATENCY_TOLERANCE_MS), rule: `±${LATENCY_TOLERANCE * 100}% or ${LATENCY_TOLERANCE_MS} ms` },
];

const format = (value: number, unit: string): string => `${value.toFixed(value >= 100 ? 0 : 2)}${unit}`;

/** A generator's widest repeat-to-repeat spread of the metric, when it exceeds what the tolerance allows. */
const spreadBeyond = (metric: Metric, generator: GeneratorFigures): string | null => {
  if (generator.repeats.length < 2) return null;
  const values = generator.repeats.map(metric.pick);
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return high - low > metric.allowed(metric.pick(generator.load)) ? `${generator.name}'s own ${metric.label} ranged ${format(low, metric.unit)}–${format(high, metric.unit)} over ${values.length} repeats` : null;
};

/** The rank-sum test's p-value that the two generators' repeats of the metric come from one distribution. */
const differencePValue = (metric: Metric, a: GeneratorFigures, b: GeneratorFigures): number | null => rankSumPValue(a.repeats.map(metric.pick), b.repeats.map(metric.pick));

/** Median over the repeats of req/s × mean latency ÷ connections. */
const inFlightPerConnection = (generator: GeneratorFigures, connections: number): number =>
  generator.repeats.length === 0 ? 0 : median(generator.repeats.map((r) => (r.rps * r.latencyAnyMs.mean) / 1000 / connections));

const littlesLawBroken = (generator: GeneratorFigures, connections: number): string | null => {
  const ratio = inFlightPerConnection(generator, connections);
  return ratio > 1 + LITTLES_LAW_TOLERANCE
    ? `${generator.name}'s own figures break Little's law: ${format(generator.load.rps, '')} req/s × ${format(generator.load.latencyAnyMs.mean, ' ms')} mean = ${(ratio * connections).toFixed(1)} requests in flight on ${connections} connection${connections === 1 ? '' : 's'}`
    : null;
};

/** Why the candidate's latency figure cannot be judged to the metric's tolerance, or null: it read higher than the
 * reference by more than the tolerance, and its own event loop ran later than the tolerance at its 99th percentile.
 * A late loop only ever adds to the latency it times, so the difference is within the generator's own timing
 * error: the generator, near its limit, shaped the figure (uvicorn-dev/health@100, pinned: autocannon at 71% of a
 * core, its loop 4.0 ms late at its p99, p50 9.35 ms against wrk's 6.76, where ±1.69 ms is allowed). Only where the
 * difference is within that lateness and the tolerance: a loop 1.01 ms late adds no more than about that much, and
 * cannot account for p50 155 ms against 2.36 ms (gunicorn-eventlet/upload@100, where the server served wrk's
 * connections unfairly; this was excused as autocannon's timing error until 2026-12-05). */
const latenessBeyond = (metric: Metric, candidate: GeneratorFigures, a: number, b: number): string | null => {
  const lateness = candidate.loopLatenessMs ?? 0;
  return metric.unit !== '' && a > b && lateness > metric.allowed(b) && a - b <= lateness + metric.allowed(b)
    ? `${candidate.name}'s event loop ran ${format(lateness, ' ms')} late at its p99, more than the ${format(metric.allowed(b), ' ms')} allowed: a timing error larger than the tolerance`
    : null;
};

export const judgeAgreement = (candidate: GeneratorFigures, reference: GeneratorFigures, connections: number): Agreement => {
  const candidateBroken = littlesLawBroken(candidate, connections);
  const referenceError = candidateBroken ? null : littlesLawBroken(reference, connections);
  const disagreements: string[] = candidateBroken ? [candidateBroken] : [];
  const noise: string[] = [];
  const late: string[] = [];
  let rpsNoisy = false;
  // A reference whose latency cannot be right is compared on requests/s alone.
  for (const metric of referenceError ? METRICS.filter((m) => m.unit === '') : METRICS) {
    const [a, b] = [metric.pick(candidate.load), metric.pick(reference.load)];
    if (Math.abs(a - b) <= metric.allowed(b)) continue;
    const difference = `${metric.label} ${format(a, metric.unit)} vs ${format(b, metric.unit)} (${b === 0 ? '' : `${((a - b) / b) * 100 >= 0 ? '+' : ''}${(((a - b) / b) * 100).toFixed(0)}%, `}allowed ${metric.rule})`;
    const lateness = latenessBeyond(metric, candidate, a, b);
    if (lateness) {
      late.push(`${difference}, but ${lateness}`);
      continue;
    }
    const spread = spreadBeyond(metric, reference) ?? spreadBeyond(metric, candidate);
    if (!spread) {
      disagreements.push(difference);
      continue;
    }
    const p = differencePValue(metric, candidate, reference);
    const test = `rank-sum p = ${p === null ? 'n/a' : p < 0.001 ? p.toExponential(1) : p.toFixed(3)} over ${candidate.repeats.length} and ${reference.repeats.length} repeats`;
    if (p !== null && p <= DIFFERENCE_ALPHA) disagreements.push(`${difference}; the two generators' repeats differ (${test}), though ${spread}`);
    else {
      noise.push(`${difference}, but ${spread} (${test})`);
      if (metric.unit === '') rpsNoisy = true;
    }
  }
  // A cell whose only differences are within autocannon's timing error is generator-bound for its latency.
  const saturated = [...[candidate, reference].flatMap((g) => (g.generatorBound ? [g.generatorBound] : [])), ...(disagreements.length === 0 ? late : [])];
  if (disagreements.length > 0) disagreements.push(...late);
  const verdict: AgreementVerdict = disagreements.length > 0 ? 'disagree' : referenceError ? 'reference-error' : noise.length > 0 ? 'noisy' : 'agree';
  return {
    rpsDifference: reference.load.rps === 0 ? null : (candidate.load.rps - reference.load.rps) / reference.load.rps,
    p50DifferenceMs: candidate.load.latencyAnyMs.p50 - reference.load.latencyAnyMs.p50,
    p99DifferenceMs: candidate.load.latencyAnyMs.p99 - reference.load.latencyAnyMs.p99,
    verdict,
    agrees: verdict === 'agree',
    disagreements,
    noise,
    rpsNoisy,
    inFlightPerConnection: { candidate: inFlightPerConnection(candidate, connections), reference: inFlightPerConnection(reference, connections) },
    referenceError,
    excluded: saturated.length > 0 ? `generator-bound: ${saturated.join(', ')}` : null,
    withinTolerance: candidateBroken === null && disagreements.length === 0 && noise.length === 0 && late.length === 0,
  };
};

/** Whether to measure the cell at a client's pace: it disagreed on latency (or differed beyond its tolerance within
 * the noise, or the reference's latency broke Little's law) but not on req/s (within its tolerance, or beyond it
 * only within a generator's own noise: gunicorn-eventlet/upload@100, 620 against 522 req/s where wrk's own repeats
 * ranged 506–711, and wrk's p50 2 ms against autocannon's 155 ms, an unfair server), no generator was saturated, and the
 * pause is at most PACE_MAX_SHARE of a connection's cycle (gunicorn-gevent/cpu@10: 85 req/s on 10 connections, a
 * 118 ms cycle, 1 ms is 0.8% of it; a 1 ms pause on /health at 10,000 req/s would be most of the cycle, and is never
 * taken). After the paced wrk, the next reference (hey, pauseMs null) only where that showed the server's latency
 * moving with the pace and did not itself agree. hey is also asked, paced wrk or not, wherever the back-to-back
 * reference's own figures broke Little's law and nothing yet agrees: its latency cannot be right, so autocannon's
 * has not been checked, and hey is a second independent reference (see 'second-reference'). */
export const wantsPacedReference = (agreement: Agreement, referenceRps: number, connections: number, pauseMs: number | null = PACE_PAUSE_MS): boolean => {
  const referenceBroken = agreement.excluded === null && agreement.verdict === 'reference-error';
  if (agreement.paced && agreement.paced.length > 0) return !agreement.agrees && (agreement.paceShown === true || (pauseMs === null && referenceBroken));
  if (pauseMs === null) return referenceBroken || (differsOnLatencyAlone(agreement) && !pauseFits(PACE_PAUSE_MS, connections, referenceRps));
  return differsOnLatencyAlone(agreement) && pauseFits(pauseMs, connections, referenceRps);
};

/** The verdicts of two generators still apart, which a further reference may settle: apart (disagree), too noisy to
 * judge, or the reference's latency unusable (reference-error: also beside a server sharing its cores,
 * waitress-2-50/health@10 on 2026-12-06, wrk 476 req/s with more requests in flight than connections against
 * autocannon's 1,406 ±47%, both beside a server whose main loop spun on select() while the GIL crossed the cores). */
const APART: readonly AgreementVerdict[] = ['disagree', 'noisy', 'reference-error'];

/** Still apart (see APART), no generator saturated. */
const stillApart = (agreement: Agreement): boolean => agreement.excluded === null && APART.includes(agreement.verdict);

/** Apart or too noisy on latency (or the reference's latency broke Little's law), req/s within its tolerance or
 * beyond it only within a generator's own noise, no generator saturated. */
const differsOnLatencyAlone = (agreement: Agreement): boolean =>
  stillApart(agreement) &&
  agreement.rpsDifference !== null &&
  (Math.abs(agreement.rpsDifference) <= RPS_TOLERANCE || agreement.rpsNoisy === true);

/** Whether a pause of pauseMs takes at most PACE_MAX_SHARE of a connection's cycle (connections ÷ req/s). Where it
 * takes more (a fast handler: gunicorn-gevent/health@10, 10 connections at 3,300–4,800 req/s, a 2–3 ms cycle, 1 ms
 * a third of it), pausing would change the load, not only the pace, and cannot show the server answering by the
 * pace: hey, whose client takes tens of µs between an answer and its next request as autocannon's does, is asked
 * instead as a second reference (see judgeSecondReference). */
const pauseFits = (pauseMs: number, connections: number, referenceRps: number): boolean =>
  referenceRps > 0 && pauseMs <= PACE_MAX_SHARE * ((connections / referenceRps) * 1000);

/** A reference measured at a client's pace: wrk pausing pauseMs before each request, or hey (pauseMs null). */
export interface PacedFigures {
  readonly figures: GeneratorFigures;
  readonly pauseMs: number | null;
}

/** Whether the paced wrk read the cell apart from the back-to-back wrk beyond a tolerance, on latency or on req/s:
 * the same instrument, only the pause changed, and the pause itself takes at most PACE_MAX_SHARE of a connection's
 * cycle, so a larger change is the server's answer to the pace (gunicorn-gevent/upload@10: 437 req/s back-to-back,
 * 516 pausing 1 ms). The medians are compared as they are, with no test of their noise: the back-to-back latency
 * is often the figure that broke Little's law, so it cannot be judged by the agreement rule; a noisy wrk that reads
 * apart by chance only leads to hey being asked, and the cell still needs a paced reading agreeing with autocannon.
 * Where the host ran the cores at different speeds across the two's repeats (speedClassOf), only the repeats of the
 * state both met with SAME_SPEED_REPEATS repeats each are compared, and with none the pause is not shown to move wrk:
 * a server on one process answers in proportion to its core's speed, so repeats in the host's slow phase read apart
 * whatever the pace (uvicorn/upload@100, 2026-12-07: wrk back-to-back 1,634 and 1,610 req/s with core 0 at 94–100%
 * of its speed and 1,240 at 69%, pausing 1 ms 1,277 at 72% and 1,090 and 1,149 at 64–67%: the medians 1,610 against
 * 1,149, the pause's doing in none). */
const paceMoves = (paced: GeneratorFigures, reference: GeneratorFigures): { readonly moves: boolean; readonly speed?: PaceSpeed } => {
  const apart = (ours: GeneratorFigures, theirs: GeneratorFigures): boolean =>
    METRICS.some((metric) => Math.abs(metric.pick(ours.load) - metric.pick(theirs.load)) > metric.allowed(metric.pick(theirs.load)));
  const classes = speedClasses(reference.repeats, paced.repeats);
  if (classes === null) return { moves: apart(paced, reference) };
  const speed: PaceSpeed = { reference: classes.speeds[0], paced: classes.speeds[1], shared: classes.shared };
  if (classes.shared === null) return { moves: false, speed };
  const at = (figures: GeneratorFigures, own: readonly (string | null)[]): GeneratorFigures => subset(figures, (index) => own[index] === classes.shared);
  return { moves: apart(at(paced, classes.classes[1]), at(reference, classes.classes[0])), speed };
};

/** The back-to-back agreement, judged again with the references measured at a client's pace: 'pace-dependent' where
 * the paced wrk read the cell apart from the back-to-back one (paceMoves) and one of them agrees with autocannon on
 * every figure, req/s included; the verdict unchanged otherwise. Either way their figures are kept beside it. */
export const judgePaced = (agreement: Agreement, candidate: GeneratorFigures, reference: GeneratorFigures, paced: readonly PacedFigures[], connections: number): Agreement => {
  if (paced.length === 0) return agreement;
  const records = paced.map(({ figures, pauseMs }): PacedAgreement => {
    const again = judgeAgreement(candidate, figures, connections);
    const loadChange = reference.load.rps === 0 ? 0 : (figures.load.rps - reference.load.rps) / reference.load.rps;
    return {
      generator: figures.name,
      pauseMs,
      rps: figures.load.rps,
      p50Ms: figures.load.latencyAnyMs.p50,
      p99Ms: figures.load.latencyAnyMs.p99,
      loadChange,
      rpsDifference: again.rpsDifference,
      verdict: again.verdict,
      agrees: again.verdict === 'agree' && again.excluded === null,
      disagreements: [...again.disagreements, ...(again.excluded ? [again.excluded] : [])],
      noise: again.noise,
      referenceError: again.referenceError,
      excluded: again.excluded,
    };
  });
  const pausedWrk = paced.find((entry) => entry.pauseMs !== null);
  const pace = pausedWrk === undefined ? undefined : paceMoves(pausedWrk.figures, reference);
  const paceShown = pace?.moves === true;
  const paceSpeed = pace?.speed ? { paceSpeed: pace.speed } : {};
  const paceDependent = paceShown && records.some((record) => record.agrees);
  if (paceDependent) return { ...agreement, verdict: 'pace-dependent', agrees: true, paced: records, paceShown, ...paceSpeed };
  if (paceShown && agreement.verdict === 'disagree' && inconclusiveAtPace(records)) {
    return {
      ...agreement,
      verdict: 'noisy',
      agrees: false,
      disagreements: [],
      noise: [...agreement.noise, `back-to-back ${agreement.disagreements.join('; ')}, but pausing ${pausedWrk!.pauseMs} ms moved wrk's own reading beyond the tolerance (the server answers by the client's pace) and no reading at a client's pace is apart from autocannon's`],
      paced: records,
      paceShown,
      ...paceSpeed,
    };
  }
  const pauseUntestable = pausedWrk === undefined && !pauseFits(PACE_PAUSE_MS, connections, reference.load.rps);
  return { ...agreement, ...judgeSecondReference(agreement, records, pauseUntestable), paced: records, paceShown, ...paceSpeed };
};

/** Where the back-to-back reference is shown to have moved the server by its pace, autocannon's difference from it
 * says nothing of autocannon, and the references at a client's pace decide; where none agrees, none is apart (a
 * steady difference) and one at least could be judged (too noisy, not saturated, keeping Little's law), the cell is
 * too noisy to judge, not a disagreement (gunicorn-gevent/upload@10, 2026-12-06: autocannon p99 25.6 ms, wrk
 * back-to-back 87.8 with its repeats over 45–241, pausing 1 ms 19.2 over 12.4–20.9, hey 28.3 with its req/s over
 * 539–779). */
const inconclusiveAtPace = (records: readonly PacedAgreement[]): boolean =>
  !records.some((record) => record.verdict === 'disagree') && records.some((record) => record.verdict === 'noisy' && record.excluded === null && record.referenceError === null);

/** Where the back-to-back reference's latency broke Little's law (reference-error), or it differed from autocannon's
 * on latency alone where a pause would take too much of the cycle to test the pace (pauseUntestable: see pauseFits),
 * and hey measured the cell at its own pace, keeping to the law and to its own limits: 'second-reference' where hey
 * agrees with autocannon on every figure, 'disagree' where it finds a steady difference (autocannon's latency, checked
 * against an independent reference that can be right, is apart from it); nothing where hey too is noisy or unusable. */
const judgeSecondReference = (agreement: Agreement, records: readonly PacedAgreement[], pauseUntestable: boolean): Partial<Agreement> => {
  const hey = records.find((record) => record.pauseMs === null);
  const asked = agreement.verdict === 'reference-error' || (pauseUntestable && (agreement.verdict === 'disagree' || agreement.verdict === 'noisy'));
  if (!asked || agreement.excluded !== null || hey === undefined || hey.referenceError !== null || hey.excluded !== null) return {};
  if (hey.agrees) return { verdict: 'second-reference', agrees: true };
  return hey.verdict === 'disagree' ? { verdict: 'disagree', agrees: false, disagreements: hey.disagreements.map((text) => `against ${hey.generator}: ${text}`) } : {};
};

/** A repeat's placement: the client connections each of the server's processes held, the largest holder first, the
 * processes holding none left out ("9+1": one worker held 9, another 1, the rest none), where each held as many in
 * every sample that found all the load's connections held (processConnectionsHeld; keep-alive: a connection stays
 * with the worker that accepted it); null where they were not recorded, the server is one process, or the counts
 * moved (a server closing every connection, a recycled worker). */
export const placementOf = (repeat: Pick<ProcessMeasurement, 'processConnectionsHeld'>): string | null => {
  if (!repeat.processConnectionsHeld) return null;
  const held = repeat.processConnectionsHeld.filter((count) => count > 0).sort((a, b) => b - a);
  return held.length === 0 ? null : held.join('+');
};

const countOf = <T>(values: readonly T[], value: T): number => values.filter((v) => v === value).length;

/** The generator's figures over the repeats `keep` picks: the medians of those repeats. */
const subset = (generator: GeneratorFigures, keep: (index: number) => boolean): GeneratorFigures => {
  const indices = generator.repeats.map((_, index) => index).filter(keep);
  const repeats = indices.map((index) => generator.repeats[index]!);
  const mid = (pick: (load: LoadMeasurement) => number): number => (repeats.length === 0 ? 0 : median(repeats.map(pick)));
  return {
    ...generator,
    load: { ...generator.load, rps: mid((l) => l.rps), latencyAnyMs: { ...generator.load.latencyAnyMs, p50: mid((l) => l.latencyAnyMs.p50), p99: mid((l) => l.latencyAnyMs.p99), mean: mid((l) => l.latencyAnyMs.mean) } },
    repeats,
    ...(generator.placements ? { placements: indices.map((index) => generator.placements![index] ?? null) } : {}),
  };
};

/** The generator's figures over its repeats at one placement. */
const atPlacement = (generator: GeneratorFigures, placement: string): GeneratorFigures => subset(generator, (index) => generator.placements?.[index] === placement);

const figuresAt = (figures: GeneratorFigures): FiguresAt => ({ rps: figures.load.rps, p50Ms: figures.load.latencyAnyMs.p50, p99Ms: figures.load.latencyAnyMs.p99 });

/** autocannon judged against a reference on a subset of each one's repeats (a placement, an admission, a speed of the
 * machine): the verdict, with each side's repeats and figures there. */
export type SubsetJudgement = Pick<Agreement, 'verdict' | 'agrees' | 'disagreements' | 'noise'> & {
  /** Where the reference's own figures broke Little's law on these repeats too (verdict 'reference-error'), why;
   * absent in reports written before 2026-12-06. */
  readonly referenceError?: string | null;
  readonly repeats: { readonly candidate: number; readonly reference: number };
  readonly candidateLoad: FiguresAt;
  readonly referenceLoad: FiguresAt;
};

const judgeSubsets = (candidate: GeneratorFigures, reference: GeneratorFigures, connections: number): SubsetJudgement => {
  const again = judgeAgreement(candidate, reference, connections);
  return {
    verdict: again.verdict,
    agrees: again.verdict === 'agree' && again.excluded === null,
    disagreements: [...again.disagreements, ...(again.excluded ? [again.excluded] : [])],
    noise: again.noise,
    referenceError: again.referenceError,
    repeats: { candidate: candidate.repeats.length, reference: reference.repeats.length },
    candidateLoad: figuresAt(candidate),
    referenceLoad: figuresAt(reference),
  };
};

/** The back-to-back agreement, judged again by placement: where the two differed (disagree or noisy, neither
 * saturated) and the server's processes held the connections differently across the repeats, autocannon is judged
 * against the reference on the repeats where both met the same placement; 'placement-dependent' where they agree
 * there on every figure. The placements are kept beside the verdict either way; unchanged where every repeat of
 * both met one placement (then it is not what set them apart) or none was recorded. */
export const judgePlacement = (agreement: Agreement, candidate: GeneratorFigures, reference: GeneratorFigures, connections: number): Agreement => {
  if (agreement.excluded !== null || (agreement.verdict !== 'disagree' && agreement.verdict !== 'noisy')) return agreement;
  const [ours, theirs] = [candidate.placements ?? [], reference.placements ?? []];
  const seen = new Set([...ours, ...theirs].filter((p): p is string => p !== null));
  if (seen.size < 2) return agreement;
  const shared = [...seen]
    .filter((p) => ours.includes(p) && theirs.includes(p))
    .sort((a, b) => Math.min(countOf(theirs, b), countOf(ours, b)) - Math.min(countOf(theirs, a), countOf(ours, a)) || countOf([...ours, ...theirs], b) - countOf([...ours, ...theirs], a))[0];
  if (shared === undefined) return { ...agreement, placement: { candidate: ours, reference: theirs, shared: null } };
  const atShared = judgeSubsets(atPlacement(candidate, shared), atPlacement(reference, shared), connections);
  const placement: PlacementAgreement = { candidate: ours, reference: theirs, shared, atShared };
  return { ...agreement, ...(atShared.agrees ? { verdict: 'placement-dependent' as const, agrees: true } : {}), placement };
};

/** Whether the cross-check wants another pair of repeats: too noisy to judge; or apart with the connections held
 * differently and no placement yet met by both, or with repeats whose late-accepted connections could set the p99
 * and too few without (another pair may give one). */
export const wantsMorePairs = (agreement: Agreement): boolean =>
  agreement.excluded === null &&
  (agreement.verdict === 'noisy' ||
    (agreement.verdict === 'disagree' && ((agreement.placement !== undefined && agreement.placement.shared === null) || agreement.admission?.atAdmitted === null || agreement.speed?.shared === null)));

const figuresOf = (cell: CompletedCell): GeneratorFigures => ({
  name: cell.generator.name,
  load: cell,
  repeats: cell.repeats,
  cpuPercent: cell.generator.cpuPercent,
  generatorBound: cell.generatorBoundReason,
  loopLatenessMs: medianLoopLatenessMs(cell.repeats),
  placements: cell.repeats.map(placementOf),
});

const referenceFigures = (reference: CompletedCell): ReferenceFigures => ({
  durationSec: reference.durationSec,
  requests: reference.requests,
  rps: reference.rps,
  okRps: reference.okRps,
  latencyMs: reference.latencyMs,
  latencyAnyMs: reference.latencyAnyMs,
  errors: reference.errors,
  timeouts: reference.timeouts,
  non2xx: reference.non2xx,
  ...(reference.wrkCorrectionRemoved !== undefined ? { wrkCorrectionRemoved: reference.wrkCorrectionRemoved } : {}),
  statusCodes: reference.statusCodes,
  cpuPercent: reference.cpuPercent,
  ...(reference.machineCpuPercent !== undefined ? { machineCpuPercent: reference.machineCpuPercent } : {}),
  repeats: reference.repeats,
  stats: reference.stats,
  generator: reference.generator,
  generatorBound: reference.generatorBound,
  generatorBoundReason: reference.generatorBoundReason,
});

/** A reference measured at a client's pace, as measureCell hands it over. */
export interface PacedCell {
  readonly cell: CompletedCell;
  readonly pauseMs: number | null;
}

/** A repeat's connections the server had not yet accepted at its first sample of the load (half a second in), or
 * null where that was not recorded. */
export const lateConnections = (repeat: Pick<ProcessMeasurement, 'connectionsAccepted'>, connections: number): number | null =>
  repeat.connectionsAccepted && repeat.connectionsAccepted.length > 0 ? Math.max(0, connections - repeat.connectionsAccepted[0]!) : null;

/** A connection not yet accepted at the first sample (half a second into the load, see SAMPLE_INTERVAL_MS) waited
 * at least about this long for its first answer: where a repeat's late connections are enough to reach its p99 and
 * its p99 is quicker than this, they did not (they were not waiting, or were never answered). */
export const LATE_ANSWER_MS = 250;
/** Samples before the last a repeat needs for its counts to show connections waiting (see admitted). */
const ADMISSION_SAMPLES = 3;

/**
 * Whether a repeat's late connections are too few to reach its p99 (see LATE_ADMISSION_SHARE): true where they
 * are, or where its p99 was quicker than LATE_ANSWER_MS (they did not reach it); false where they were not; null
 * where unknown: fewer than ADMISSION_SAMPLES samples before the last, or counts that fell before the last sample
 * (a server keeping its connections alive gives none back under load, so they were not waiting to be accepted: a
 * server closing each connection holds only those in flight, and its count at the first sample says nothing about
 * an accept queue).
 */
const admitted = (repeat: CompletedCell['repeats'][number], connections: number): boolean | null => {
  const late = lateConnections(repeat, connections);
  if (late === null) return null;
  if (late < LATE_ADMISSION_SHARE * repeat.requests || repeat.latencyAnyMs.p99 < LATE_ANSWER_MS) return true;
  const counts = (repeat.connectionsAccepted ?? []).slice(0, -1);
  return counts.length >= ADMISSION_SAMPLES && counts.every((count, index) => index === 0 || count >= counts[index - 1]!) ? false : null;
};

/**
 * Where the two still differ (disagree or noisy) on a server that held every connection at some sample (it keeps
 * them alive: a server closing each connection holds only those in flight): how many of the load's connections it
 * had accepted at its first sample, under each generator. Each connection it had not accepted waited in the
 * kernel's accept queue with its first request, which then took that much longer: where such late connections are
 * 1% of a repeat's answers or more, they alone can set its p99. waitress-8-200/cpu@100 accepts one connection per
 * turn of a main loop its 8 CPU-bound threads starve of the GIL: after a burst of 100 connects, whether it accepts
 * 45 or 93 of them before the threads get busy is a race, won or lost whichever generator made the burst (p99
 * 2.1 s at 93, 6.4 s at 45 under autocannon; 2.1 s at 100 and 10.2 s at 82 under wrk pausing 1 ms). There
 * autocannon is judged against the reference on the repeats whose late connections could not reach the p99 (the
 * back-to-back reference, else the first at a client's pace with ADMITTED_REPEATS of them), and the cell counts as
 * agreeing at the same admission where every figure agrees there. The counts are noted, without a judgement, where
 * only the medians of the first samples differ by ADMISSION_DIFFERENCE of the connections or more.
 */
export const judgeAdmission = (agreement: Agreement, measured: CompletedCell, reference: CompletedCell, paced: readonly PacedCell[] = []): Agreement => {
  if (agreement.excluded !== null || (agreement.verdict !== 'disagree' && agreement.verdict !== 'noisy')) return agreement;
  const connections = measured.connections;
  if (![...measured.repeats, ...reference.repeats].some((repeat) => (repeat.connectionsAccepted ?? []).some((count) => count >= connections))) return agreement;
  const first = (repeats: CompletedCell['repeats']): number | undefined => {
    const counts = repeats.flatMap((repeat) => (repeat.connectionsAccepted && repeat.connectionsAccepted.length > 0 ? [repeat.connectionsAccepted[0]!] : []));
    return counts.length === 0 ? undefined : median(counts);
  };
  const [candidate, theirs] = [first(measured.repeats), first(reference.repeats)];
  if (candidate === undefined || theirs === undefined) return agreement;
  const anyLate = [...measured.repeats, ...reference.repeats].some((repeat) => admitted(repeat, connections) === false);
  if (!anyLate) return Math.abs(candidate - theirs) < ADMISSION_DIFFERENCE * connections ? agreement : { ...agreement, admission: { candidate, reference: theirs, connections } };
  const late = { candidate: measured.repeats.map((repeat) => lateConnections(repeat, connections)), reference: reference.repeats.map((repeat) => lateConnections(repeat, connections)) };
  const ours = subset(figuresOf(measured), (index) => admitted(measured.repeats[index]!, connections) === true);
  const against = [{ cell: reference, pauseMs: null as number | null }, ...paced]
    .map(({ cell, pauseMs }) => ({ figures: subset(figuresOf(cell), (index) => admitted(cell.repeats[index]!, connections) === true), pauseMs }))
    .find(({ figures }) => figures.repeats.length >= ADMITTED_REPEATS);
  if (ours.repeats.length < ADMITTED_REPEATS || against === undefined) return { ...agreement, admission: { candidate, reference: theirs, connections, late, atAdmitted: null } };
  const atAdmitted = judgeSubsets(ours, against.figures, connections);
  // Apart at the placement both generators met: the admission cannot make that an agreement.
  const apartAtPlacement = agreement.placement?.atShared !== undefined && !agreement.placement.atShared.agrees;
  const admission: Admission = {
    candidate,
    reference: theirs,
    connections,
    late,
    atAdmitted: { generator: against.figures.name, pauseMs: against.pauseMs, ...atAdmitted },
  };
  return { ...agreement, ...(atAdmitted.agrees && !apartAtPlacement ? { verdict: 'admission-dependent' as const, agrees: true } : {}), admission };
};

/** Two sets of repeats by the machine's speed: each repeat's speeds (cellSpeeds over both) and class (speedClassOf),
 * set by set, and the class both met with SAME_SPEED_REPEATS repeats each, the one with the most repeats on the fewer
 * side, then the most in all (null where none); null where the repeats whose speed is known all ran in one class (some
 * core ran below SLOWED_SPEED of the fastest the repeats ran it in none, or in all): then the speed is not what sets
 * the two apart. */
const speedClasses = (ones: readonly RepeatSpeed[], others: readonly RepeatSpeed[]) => {
  const speeds = cellSpeeds([...ones, ...others]);
  const classes = speeds.map(classOfSpeeds);
  const [ours, theirs] = [classes.slice(0, ones.length), classes.slice(ones.length)];
  const seen = new Set(classes.filter((c): c is string => c !== null));
  if (seen.size < 2) return null;
  const fewer = (c: string): number => Math.min(countOf(ours, c), countOf(theirs, c));
  const shared = [...seen].filter((c) => fewer(c) >= SAME_SPEED_REPEATS).sort((a, b) => fewer(b) - fewer(a) || countOf(classes, b) - countOf(classes, a))[0] ?? null;
  return { speeds: [speeds.slice(0, ones.length), speeds.slice(ones.length)] as const, classes: [ours, theirs] as const, shared };
};

/**
 * Where the two still differ (disagree or noisy, neither excluded) and the host ran the machine's cores at different
 * speeds across their repeats (speedClassOf: each core at full speed or slowed below SLOWED_SPEED): autocannon judged
 * against the reference on the repeats where the machine was in the same state (each core's speed against the
 * fastest any repeat of the cell ran it: cellSpeeds), the class both met with
 * SAME_SPEED_REPEATS repeats each (the one with the most on the fewer side); 'speed-dependent' where every figure
 * agrees there. A slow phase lasts seconds to minutes, so it can fall on one generator's repeats and not the
 * other's, however they are interleaved: gunicorn-sync/upload@10 read 500–650 req/s by either generator while the
 * host ran core 1 at half speed, 880–940 outside. Each repeat's speeds are kept beside the verdict either way;
 * unchanged where every repeat of both ran in one class (then it is not what set them apart) or none is known.
 */
export const judgeSpeed = (agreement: Agreement, measured: CompletedCell, reference: CompletedCell): Agreement => {
  if (agreement.excluded !== null || (agreement.verdict !== 'disagree' && agreement.verdict !== 'noisy')) return agreement;
  const classes = speedClasses(measured.repeats, reference.repeats);
  if (classes === null) return agreement;
  const { shared } = classes;
  const [ours, theirs] = classes.classes;
  const base = { candidate: classes.speeds[0], reference: classes.speeds[1] };
  if (shared === null) return { ...agreement, speed: { ...base, shared: null } };
  const atShared = judgeSubsets(subset(figuresOf(measured), (index) => ours[index] === shared), subset(figuresOf(reference), (index) => theirs[index] === shared), measured.connections);
  const speed: SpeedAgreement = { ...base, shared, atShared };
  const agrees = atShared.agrees;
  // Apart at the placement both generators met: the machine's speed cannot make that an agreement.
  const apartAtPlacement = agreement.placement?.atShared !== undefined && !agreement.placement.atShared.agrees;
  return { ...agreement, ...(agrees && !apartAtPlacement ? { verdict: 'speed-dependent' as const, agrees: true } : {}), speed };
};

/** The generator's CPU, median over the repeats (the cell's own figure is their highest, for saturation). */
const generatorCpuOf = (cell: CompletedCell): number =>
  cell.repeats.length === 0 ? cell.generator.cpuPercent : median(cell.repeats.map((r) => r.generator.cpuPercent));

/** The server's CPU per answer over a cell, in ms of one core. */
const msPerAnswerOf = (cell: CompletedCell): number => (cell.cpuPercent * 10) / cell.rps;

export const contentionOf = (measured: CompletedCell, reference: CompletedCell): Contention => ({
  candidateCpuPercent: generatorCpuOf(measured),
  referenceCpuPercent: generatorCpuOf(reference),
  serverUnderCandidate: measured.cpuPercent,
  serverUnderReference: reference.cpuPercent,
  ...(measured.rps > 0 && reference.rps > 0 ? { serverMsPerAnswer: { candidate: msPerAnswerOf(measured), reference: msPerAnswerOf(reference) } } : {}),
});

/** The unpinned CPU figures in words: "autocannon took 29% of a core against wrk's 2%, and the server 94% against
 * 94%, 0.93 ms of a core per answer against 2.03". */
export const describeContention = (contention: Contention, referenceName: string): string => {
  const cpu = `autocannon took ${contention.candidateCpuPercent.toFixed(0)}% of a core against ${referenceName}'s ${contention.referenceCpuPercent.toFixed(0)}%, and the server ${contention.serverUnderCandidate.toFixed(0)}% against ${contention.serverUnderReference.toFixed(0)}%`;
  const cost = contention.serverMsPerAnswer;
  if (cost === undefined) return cpu;
  const ms = (value: number): string => value.toFixed(value >= 10 ? 1 : 2);
  return `${cpu}, ${ms(cost.candidate)} ms of a core per answer against ${ms(cost.reference)}`;
};

/**
 * Whether to measure the cell again with the server and the generator pinned apart: unpinned on a machine of two
 * cores or more, where the two still differ (disagree or noisy, neither excluded). Sharing the cores, a generator
 * changes the server it measures in two ways pinning removes, and neither is in how it counts or times: each share
 * of a core it takes can be the server's (waitress-like/upload@10: autocannon at 33–40% of a core, the server 8%
 * short of what it got beside wrk, 661 against 780 req/s; pinned, 821 against 817), and its use of the cores moves
 * where the scheduler runs the server's threads, which decides what a GIL-bound server gets done with its CPU
 * (waitress-2-50/health@100: a whole core under both for 462 answers a second beside wrk and 1,005 beside
 * autocannon, 2.03 against 0.93 ms of a core per answer; pinned, 3,211 against 3,303; cpu@100, 50.0 against 65.3
 * req/s unpinned, 77.6 against 78.9 pinned). The unpinned CPU figures are kept beside the judgement (contentionOf);
 * a difference that holds pinned apart stays a disagreement.
 */
export const wantsPinnedPairs = (agreement: Agreement, machine: { readonly cores: number; readonly pinned: boolean }): boolean => {
  if (machine.pinned || machine.cores < 2 || agreement.pinned !== undefined || agreement.agrees || agreement.excluded !== null) return false;
  return APART.includes(agreement.verdict);
};


/** The cell measured again pinned apart (see wantsPinnedPairs), as measureCell hands it over. */
export interface PinnedCells {
  readonly measured: CompletedCell;
  readonly reference: CompletedCell;
  readonly generatorCpus: string;
  readonly serverCpus: string;
}

/** The agreement judged again on the repeats pinned apart: 'pin-dependent' where autocannon agrees there on every
 * figure (neither generator saturated); unchanged otherwise, the pinned figures kept beside it either way. */
export const judgePinned = (agreement: Agreement, measured: CompletedCell, reference: CompletedCell, pinned: PinnedCells): Agreement => {
  const atPinned = judgeSubsets(figuresOf(pinned.measured), figuresOf(pinned.reference), measured.connections);
  const record: PinnedAgreement = { ...atPinned, generatorCpus: pinned.generatorCpus, serverCpus: pinned.serverCpus, contention: contentionOf(measured, reference) };
  const settles = !agreement.agrees && agreement.excluded === null && APART.includes(agreement.verdict);
  return { ...agreement, ...(atPinned.agrees && settles ? { verdict: 'pin-dependent' as const, agrees: true } : {}), pinned: record };
};

/** The server's CPU under the two generators may differ by this share of the larger and count as the same. */
export const SAME_SERVER_CPU_SHARE = 0.1;
/** The server's CPU under each, in % of one core, for its CPU to be what limits its answers: below it, its CPU is
 * not what sets req/s, and a fixed cost (polling, timers) can make it alike under two loads that differ. */
export const COST_MIN_SERVER_CPU = 80;

/** Why a req/s difference is the server's cost per answer, or null: the two differ on req/s beyond the noise, the
 * server's CPU was the same under both (so neither generator took it from the server) and at least
 * COST_MIN_SERVER_CPU under each (its CPU is what limits it), and the host ran the cores
 * alike across the repeats or the two differ on the repeats where it did (see judgeSpeed). With the same CPU, fewer
 * answers mean more CPU per answer: gunicorn-eventlet/health@100 at 20:33, the server at 98% and 99% of its one
 * core, 0.29 ms per answer under autocannon against 0.22 under wrk, 3,348 against 4,547 req/s, serving autocannon's
 * connections in turn (its p50 26.9 ms) and wrk's one at a time again and again (p50 0.19). Whether each generator
 * counted its answers right is then for the wire to say. */
export const costApart = (agreement: Agreement, contention: Contention | undefined): string | null => {
  if (agreement.rpsDifference === null || agreement.rpsNoisy === true || Math.abs(agreement.rpsDifference) <= RPS_TOLERANCE) return null;
  if (agreement.speed !== undefined && agreement.speed.atShared?.agrees !== false) return null;
  return serverCost(contention, 'the reference');
};

/** The server's CPU under autocannon and under another generator, and per answer, in words, where it was the same
 * under both and at least COST_MIN_SERVER_CPU (see costApart); null where it was not. */
const serverCost = (contention: Contention | undefined, other: string): string | null => {
  if (!contention?.serverMsPerAnswer) return null;
  const [under, over] = [contention.serverUnderCandidate, contention.serverUnderReference];
  if (Math.min(under, over) < COST_MIN_SERVER_CPU || Math.abs(under - over) > SAME_SERVER_CPU_SHARE * Math.max(under, over)) return null;
  const ms = (value: number): string => value.toFixed(value >= 10 ? 1 : 2);
  return `the server used ${under.toFixed(0)}% of a core under autocannon and ${over.toFixed(0)}% under ${other}, ${ms(contention.serverMsPerAnswer.candidate)} ms of a core per answer against ${ms(contention.serverMsPerAnswer.reference)}`;
};

/** Whether hey, asked as a second reference, disagrees with autocannon on req/s where the server's CPU was not the
 * same under both (see serverCost): then hey's own load may have taken the server's CPU, which the wire cannot show.
 * (gunicorn-gevent/health@10 at 21:21: hey 3,836 req/s against autocannon's 4,575, the server at 95% and 97%,
 * 0.25 ms per answer against 0.21: the same CPU, the server's cost.) */
const secondApartOnRps = (agreement: Agreement, secondContention: Contention | undefined): boolean => {
  const hey = agreement.paced?.find((record) => record.pauseMs === null);
  if (hey === undefined || hey.verdict !== 'disagree' || hey.rpsDifference === null || !secondContention?.serverMsPerAnswer) return false;
  return Math.abs(hey.rpsDifference) > RPS_TOLERANCE && serverCost(secondContention, hey.generator) === null;
};

/** Whether to check each generator's count and timing against its own traffic on the wire: the two still differ
 * (disagree, noisy, or the reference's latency broke Little's law) after every other reference, with no generator
 * saturated, on latency alone (see differsOnLatencyAlone) or on req/s at the server's cost (see costApart). Where
 * req/s differs otherwise, a generator may have taken the server's CPU, or the host slowed a core under one: the
 * wire would show each counting right and say nothing of that. */
export const wantsWireCheck = (agreement: Agreement, contention?: Contention, secondContention?: Contention): boolean =>
  stillApart(agreement) &&
  (differsOnLatencyAlone(agreement) || costApart(agreement, contention) !== null) &&
  !secondApartOnRps(agreement, secondContention);

/** The agreement judged again with the wire checks, where wantsWireCheck asked for them: 'wire-checked' where
 * autocannon's own count, p50 and p99 are within tolerance of its traffic on the wire (with, where req/s differed,
 * why that was the server's cost); a disagreement with the wire added where they are not (autocannon timed its own
 * answers wrong: a fault to find); unchanged, with the checks kept beside it, where the capture was incomplete or
 * failed. */
export const judgeWireChecks = (agreement: Agreement, wire: WireAgreement, contention?: Contention, secondContention?: Contention): Agreement => {
  if (!wantsWireCheck(agreement, contention, secondContention)) return agreement;
  const cost = differsOnLatencyAlone(agreement) ? null : costApart(agreement, contention);
  const own = wire.candidate;
  const kept: WireAgreement = { ...wire, ...(cost !== null ? { serverCost: cost } : {}) };
  if (own?.verdict === 'agree') return { ...agreement, verdict: 'wire-checked', agrees: true, wire: kept };
  if (own?.verdict === 'disagree') {
    return { ...agreement, verdict: 'disagree', agrees: false, disagreements: [...agreement.disagreements, ...own.reasons.map((reason) => `against ${own.generator}'s own traffic on the wire: ${reason}`)], wire: kept };
  }
  return { ...agreement, wire: kept };
};

/** The CPU figures under autocannon and under hey (the reference at a client's pace without a pause), where hey
 * measured the cell. */
export const secondContentionOf = (measured: CompletedCell, paced: readonly PacedCell[]): Contention | undefined => {
  const hey = paced.find((entry) => entry.pauseMs === null);
  return hey ? contentionOf(measured, hey.cell) : undefined;
};

/** The cross-check of a cell: `measured` from autocannon's repeats, `reference` from the other generator's,
 * `paced` from the references measured at a client's pace, in order, `pinned` from both measured again pinned
 * apart, and `wire` from each measured again with its traffic captured, where they were. */
export const crossCheckCell = (measured: CompletedCell, reference: CompletedCell, paced: readonly PacedCell[] = [], pinned?: PinnedCells, wire?: WireAgreement): CrossCheck => {
  const [ours, theirs] = [figuresOf(measured), figuresOf(reference)];
  const backToBack = judgePlacement(judgeAgreement(ours, theirs, measured.connections), ours, theirs, measured.connections);
  const atPace = judgePaced(backToBack, ours, theirs, paced.map((entry) => ({ figures: figuresOf(entry.cell), pauseMs: entry.pauseMs })), measured.connections);
  const atSpeed = judgeSpeed(judgeAdmission(atPace, measured, reference, paced), measured, reference);
  const atPinned = pinned ? judgePinned(atSpeed, measured, reference, pinned) : atSpeed;
  return {
    status: 'completed',
    reference: referenceFigures(reference),
    ...(paced.length > 0 ? { pacedReferences: paced.map((entry) => ({ ...referenceFigures(entry.cell), pauseMs: entry.pauseMs })) } : {}),
    ...(pinned ? { pinned: { generatorCpus: pinned.generatorCpus, serverCpus: pinned.serverCpus, candidate: referenceFigures(pinned.measured), reference: referenceFigures(pinned.reference) } } : {}),
    agreement: wire ? judgeWireChecks(atPinned, wire, contentionOf(measured, reference), secondContentionOf(measured, paced)) : atPinned,
  };
};
