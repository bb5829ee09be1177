// The cross-check: autocannon beside the independent generator, cell by cell, with the verdict.
import { ADMITTED_REPEATS, describeContention, LATE_ADMISSION_SHARE, WITHIN_TOLERANCE, type Admission, type AgreementVerdict, type FiguresAt, type PaceSpeed, type PacedAgreement, type PinnedAgreement, type PlacementAgreement, type SpeedAgreement, type SubsetJudgement, type WireAgreement } from '../core/agreement.js';
import { WIRE_TRIES, type WireCheck } from '../core/wire.js';
import { describeSpeedClass, SAME_SPEED_REPEATS, SLOWED_SPEED } from '../core/host-speed.js';
import type { Report } from '../core/report.js';
import { isCompleted } from '../core/results.js';
import { formatMs, formatPercent, formatRps } from './format-values.js';
import type { TableData } from './tables.js';

const signedPercent = (value: number | null): string => (value === null ? '–' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`);

/** One reading at a client's pace, and how autocannon compares with it. */
const describePaced = (paced: PacedAgreement): string =>
  `${paced.generator} read ${formatRps(paced.rps)} req/s, p50 ${formatMs(paced.p50Ms)}, p99 ${formatMs(paced.p99Ms)}: ${
    paced.agrees
      ? 'agrees'
      : paced.disagreements.length > 0
        ? `apart (${paced.disagreements.join('; ')})`
        : paced.referenceError
          ? `its latency not compared (${paced.referenceError})`
          : `too noisy to judge (${paced.noise.join('; ')})`
  }`;

/** Each generator's placements over its repeats ("9+1 ×2, 7+3"), and the judgement where both met one. */
const describePlacement = (placement: PlacementAgreement): string => {
  const list = (placements: readonly (string | null)[]): string =>
    [...new Set(placements)]
      .map((p) => [p, placements.filter((q) => q === p).length] as const)
      .map(([p, times]) => `${p ?? 'moving'}${times > 1 ? ` ×${times}` : ''}`)
      .join(', ');
  const held = `the server's workers held the connections ${list(placement.candidate)} under autocannon, ${list(placement.reference)} under the reference`;
  const at = placement.atShared;
  if (!at || placement.shared === null) return `${held}; no placement met by both`;
  return `${held}; at ${placement.shared} (${at.repeats.candidate} and ${at.repeats.reference} repeats) autocannon ${figures(at.candidateLoad)} against ${figures(at.referenceLoad)}: ${
    judged(at)
  }`;
};

/** The verdict on a subset of the repeats, in words. */
const judged = (at: SubsetJudgement): string => {
  if (at.agrees) return 'agree';
  if (at.disagreements.length > 0) return `apart (${at.disagreements.join('; ')})`;
  const noisy = `too noisy to judge (${at.noise.join('; ')})`;
  // A reference breaking Little's law there too: its latency is not compared, and its req/s may still agree.
  return at.referenceError ? `latency not compared (${at.referenceError}); ${at.noise.length > 0 ? noisy : 'req/s agree'}` : noisy;
};

const figures = (load: FiguresAt): string => `${formatRps(load.rps)} req/s, p50 ${formatMs(load.p50Ms)}, p99 ${formatMs(load.p99Ms)}`;

/** How many connections the server had accepted at first under each generator, and the judgement on the repeats
 * where the late ones could not set the p99. */
const describeAdmission = (admission: Admission): string => {
  const accepted = `the server had accepted ${admission.candidate} of autocannon's ${admission.connections} connections at its first sample of the load, ${admission.reference} of the reference's (median over the repeats): those it had not waited in the kernel's accept queue, each adding one long answer to the tail`;
  const at = admission.atAdmitted;
  if (at === undefined) return accepted;
  const late = admission.late ? ` (not yet accepted, repeat by repeat: ${admission.late.candidate.map((n) => n ?? '?').join(', ')} under autocannon; ${admission.late.reference.map((n) => n ?? '?').join(', ')} under the reference)` : '';
  if (at === null) return `${accepted}${late}; too few repeats of both, ${ADMITTED_REPEATS} each, had so few late that they could not reach the p99 (under ${LATE_ADMISSION_SHARE * 100}% of the answers)`;
  return `${accepted}${late}; on the repeats with late connections under ${LATE_ADMISSION_SHARE * 100}% of the answers (${at.repeats.candidate} of autocannon's, ${at.repeats.reference} of ${at.generator}'s) autocannon ${figures(at.candidateLoad)} against ${figures(at.referenceLoad)}: ${
    judged(at)
  }`;
};

/** Each repeat's speeds, core by core, repeat after repeat: "100%/89%, 69%/91%". */
const listSpeeds = (repeats: readonly (readonly (number | null)[])[]): string => repeats.map((speeds) => speeds.map((s) => (s === null ? '?' : `${Math.round(s * 100)}%`)).join('/')).join(', ');

/** The paced wrk's and the back-to-back wrk's repeats by the machine's speed, and which were compared (see paceMoves). */
const describePaceSpeed = (speed: PaceSpeed): string => {
  const moved = `the host ran the machine's cores at different speeds across wrk's repeats (core by core, below ${SLOWED_SPEED * 100}% slowed: ${listSpeeds(speed.reference)} back-to-back; ${listSpeeds(speed.paced)} pausing)`;
  return speed.shared === null
    ? `${moved}; no state of the machine with ${SAME_SPEED_REPEATS} repeats of both, so the pause is not shown to move the server`
    : `${moved}; the pause's effect judged on the repeats with ${describeSpeedClass(speed.shared)}`;
};

/** Each repeat's core speeds under each generator, and the judgement on the repeats at one speed. */
const describeSpeed = (speed: SpeedAgreement): string => {
  const moved = `the host ran the machine's cores at different speeds across the repeats (core by core, of the fastest the cell's repeats ran it, below ${SLOWED_SPEED * 100}% slowed: ${listSpeeds(speed.candidate)} under autocannon; ${listSpeeds(speed.reference)} under the reference)`;
  const at = speed.atShared;
  if (speed.shared === null || at === undefined) return `${moved}; no state of the machine with ${SAME_SPEED_REPEATS} repeats of both`;
  return `${moved}; with ${describeSpeedClass(speed.shared)} (${at.repeats.candidate} and ${at.repeats.reference} repeats) autocannon ${figures(at.candidateLoad)} against ${figures(at.referenceLoad)}: ${
    judged(at)
  }`;
};

/** What asked for the cell pinned apart, and the judgement there. */
const describePinned = (pinned: PinnedAgreement): string => {
  return `unpinned, ${describeContention(pinned.contention, 'the reference')}; with the generator on CPU ${pinned.generatorCpus} and the server on CPU ${pinned.serverCpus} (${pinned.repeats.candidate} and ${pinned.repeats.reference} repeats) autocannon ${figures(pinned.candidateLoad)} against ${figures(pinned.referenceLoad)}: ${judged(pinned)}`;
};

/** The verdicts where the two agree once the server's state (pace, placement, admission), the machine's speed or the
 * cores' sharing is the same, or where the wire shows the server served the two differently. */
const dependsOnServer = (verdict: AgreementVerdict): boolean =>
  verdict === 'pace-dependent' || verdict === 'placement-dependent' || verdict === 'admission-dependent' || verdict === 'speed-dependent' || verdict === 'pin-dependent' || verdict === 'wire-checked';

/** The cell judged against hey where wrk's own latency could not be right (see 'second-reference'). */
const describeSecondReference = (paced: readonly PacedAgreement[]): string => paced.filter((entry) => entry.pauseMs === null).map(describePaced).join('; ');

/** Each generator's timing against its own traffic on the wire (see judgeWireChecks). */
const describeWire = (wire: WireAgreement): string => {
  const one = (check: WireCheck): string =>
    `${check.generator} timed p50 ${formatMs(check.timed.latencyMs.p50)}, p99 ${formatMs(check.timed.latencyMs.p99)} over ${check.timed.requests} answers; its traffic on the wire p50 ${formatMs(check.wire.latencyMs.p50)}, p99 ${formatMs(check.wire.latencyMs.p99)} over ${check.wire.answers}${check.tries ? ` (capture ${check.tries} of up to ${WIRE_TRIES}, the earlier ones meeting the server otherwise than the cell's repeats)` : ''}: ${
      check.verdict === 'agree' ? 'agree' : check.verdict === 'disagree' ? `APART: ${check.reasons.join('; ')}` : `cannot judge: ${check.reasons.join('; ')}`
    }`;
  const checks = [wire.candidate, wire.reference].filter((check): check is WireCheck => check !== undefined).map(one);
  return `against the wire (one repeat each, captured): ${[...checks, ...(wire.error ? [`not made: ${wire.error}`] : [])].join('; ')}${wire.serverCost ? `; req/s apart at the server's cost: ${wire.serverCost}` : ''}`;
};

export const crossCheckTable = (report: Report): TableData | null => {
  const cells = report.results.filter(isCompleted).filter((cell) => cell.crossCheck);
  if (cells.length === 0) return null;
  const first = cells.map((cell) => cell.crossCheck!).find((check) => check.status === 'completed');
  const reference = first?.status === 'completed' ? first.reference.generator.name : 'reference';
  return {
    title: `Cross-check: autocannon against ${reference}`,
    // Latencies of every answer, whatever its status: wrk cannot tell a 2xx apart, so that is what is compared.
    head: ['cell', 'autocannon req/s', `${reference} req/s`, 'Δ req/s', 'autocannon p50', `${reference} p50`, 'autocannon p99', `${reference} p99`, 'generator CPU', 'server CPU', `machine CPU (of ${report.environment.cores * 100}%)`, 'verdict'],
    rows: cells.map((cell) => {
      const check = cell.crossCheck!;
      if (check.status === 'failed') return [cell.id, formatRps(cell.rps), 'failed', '', formatMs(cell.latencyAnyMs.p50), '', formatMs(cell.latencyAnyMs.p99), '', '', '', '', `no check: ${check.error}`];
      const { reference: other, agreement } = check;
      const backToBack = agreement.referenceError
        ? `latency not compared (${agreement.referenceError})${agreement.noise.length > 0 ? `; too noisy to judge: ${agreement.noise.join('; ')}` : '; req/s agree'}`
        : agreement.verdict === 'noisy' || (dependsOnServer(agreement.verdict) && agreement.disagreements.length === 0)
          ? `too noisy to judge: ${agreement.noise.join('; ')}`
          : agreement.verdict === 'agree'
            ? 'agree'
            : `${dependsOnServer(agreement.verdict) ? '' : 'DISAGREE: '}${agreement.disagreements.join('; ')}`;
      const paced = agreement.paced ?? [];
      const verdict = agreement.excluded
        ? `excluded (${agreement.excluded})${agreement.withinTolerance ? `; ${WITHIN_TOLERANCE}` : ''}`
        : agreement.verdict === 'pace-dependent'
          ? `agree at a client's pace: ${paced.map(describePaced).join('; ')}${agreement.paceSpeed ? `; ${describePaceSpeed(agreement.paceSpeed)}` : ''}; back-to-back, ${backToBack}`
          : agreement.verdict === 'placement-dependent' && agreement.placement
            ? `agree at the same placement: ${describePlacement(agreement.placement)}; over all repeats, ${backToBack}`
            : agreement.verdict === 'admission-dependent' && agreement.admission
              ? `agree at the same admission: ${describeAdmission(agreement.admission)}; over all repeats, ${backToBack}${agreement.placement ? `; ${describePlacement(agreement.placement)}` : ''}${paced.length > 0 ? `; at a client's pace: ${paced.map(describePaced).join('; ')}` : ''}`
              : agreement.verdict === 'speed-dependent' && agreement.speed
                ? `agree at the same speed: ${describeSpeed(agreement.speed)}; over all repeats, ${backToBack}${agreement.placement ? `; ${describePlacement(agreement.placement)}` : ''}${paced.length > 0 ? `; at a client's pace: ${paced.map(describePaced).join('; ')}` : ''}`
              : agreement.verdict === 'pin-dependent' && agreement.pinned
                ? `agree pinned apart: ${describePinned(agreement.pinned)}; unpinned, over all repeats, ${backToBack}${agreement.speed ? `; ${describeSpeed(agreement.speed)}` : ''}`
              : agreement.verdict === 'wire-checked' && agreement.wire
                ? `agree ${describeWire(agreement.wire)}; back-to-back, ${backToBack}${paced.length > 0 ? `; at a client's pace: ${paced.map(describePaced).join('; ')}` : ''}${agreement.pinned ? `; ${describePinned(agreement.pinned)}` : ''}`
              : agreement.verdict === 'second-reference'
                ? `agree with a second reference: ${describeSecondReference(paced)}; back-to-back, ${backToBack}${paced.some((entry) => entry.pauseMs !== null) ? `; at a client's pace: ${paced.filter((entry) => entry.pauseMs !== null).map(describePaced).join('; ')}` : ''}`
                : `${agreement.verdict === 'disagree' && agreement.referenceError ? `DISAGREE: ${agreement.disagreements.join('; ')}; back-to-back, ` : ''}${backToBack}${agreement.placement ? `; ${describePlacement(agreement.placement)}` : ''}${paced.length > 0 ? `; at a client's pace: ${paced.map(describePaced).join('; ')}` : ''}${agreement.paceSpeed ? `; ${describePaceSpeed(agreement.paceSpeed)}` : ''}${agreement.admission ? `; ${describeAdmission(agreement.admission)}` : ''}${agreement.speed ? `; ${describeSpeed(agreement.speed)}` : ''}${agreement.pinned ? `; ${describePinned(agreement.pinned)}` : ''}${agreement.wire ? `; ${describeWire(agreement.wire)}` : ''}`;
      return [
        cell.id,
        formatRps(cell.rps),
        formatRps(other.rps),
        signedPercent(agreement.rpsDifference),
        formatMs(cell.latencyAnyMs.p50),
        formatMs(other.latencyAnyMs.p50),
        formatMs(cell.latencyAnyMs.p99),
        formatMs(other.latencyAnyMs.p99),
        `${formatPercent(cell.generator.cpuPercent)} / ${formatPercent(other.generator.cpuPercent)}`,
        other.cpuPercent !== undefined ? `${formatPercent(cell.cpuPercent)} / ${formatPercent(other.cpuPercent)}` : '–',
        cell.machineCpuPercent !== undefined && other.machineCpuPercent !== undefined ? `${formatPercent(cell.machineCpuPercent)} / ${formatPercent(other.machineCpuPercent)}` : '–',
        verdict,
      ];
    }),
  };
};
