// How the cells of a cross-checked run came out: agreeing, disagreeing, too noisy, excluded, unchecked.
import type { Report } from './report.js';
import { isCompleted } from './results.js';

export interface CrossCheckTally {
  readonly agree: number;
  /** Apart on latency back-to-back, agreeing with the reference pausing before each request (see AgreementVerdict). */
  readonly paceDependent: number;
  /** Apart over all repeats, the server's workers holding the connections differently; agreeing where both met
   * the same placement (see judgePlacement). */
  readonly placementDependent: number;
  /** Apart over all repeats, the server leaving enough connections unaccepted at first in some to set their p99;
   * agreeing on the repeats where it did not (see judgeAdmission). */
  readonly admissionDependent: number;
  /** The reference's latency broke Little's law; hey, a second reference, agrees on every figure (see AgreementVerdict). */
  readonly secondReference: number;
  /** Apart over all repeats, the host slowing a core of the machine in some; agreeing on the repeats at full speed
   * (see judgeSpeed). */
  readonly speedDependent: number;
  /** Apart unpinned (a generator's cost taking the server's cores, or moving its threads); agreeing measured again pinned apart (see judgePinned). */
  readonly pinDependent: number;
  /** Apart after every other reference (on latency alone, or on req/s at the server's cost); autocannon's own count
   * and timing within tolerance of its traffic on the wire (see judgeWireChecks). */
  readonly wireChecked: number;
  readonly disagree: number;
  /** Beyond the tolerance, but within a generator's own repeat-to-repeat spread. */
  readonly noisy: number;
  /** The reference's own figures broke Little's law: its latency was not compared. */
  readonly referenceError: number;
  readonly excluded: number;
  /** Of the excluded, those whose figures were within their tolerance all the same (see Agreement.withinTolerance). */
  readonly excludedWithinTolerance: number;
  /** The reference generator could not measure the cell. */
  readonly failed: number;
}

export const tallyCrossCheck = (report: Report): CrossCheckTally => {
  const checks = report.results.filter(isCompleted).flatMap((cell) => (cell.crossCheck ? [cell.crossCheck] : []));
  const agreements = checks.flatMap((check) => (check.status === 'completed' ? [check.agreement] : []));
  return {
    agree: agreements.filter((a) => a.excluded === null && a.verdict === 'agree').length,
    paceDependent: agreements.filter((a) => a.excluded === null && a.verdict === 'pace-dependent').length,
    placementDependent: agreements.filter((a) => a.excluded === null && a.verdict === 'placement-dependent').length,
    admissionDependent: agreements.filter((a) => a.excluded === null && a.verdict === 'admission-dependent').length,
    secondReference: agreements.filter((a) => a.excluded === null && a.verdict === 'second-reference').length,
    speedDependent: agreements.filter((a) => a.excluded === null && a.verdict === 'speed-dependent').length,
    pinDependent: agreements.filter((a) => a.excluded === null && a.verdict === 'pin-dependent').length,
    wireChecked: agreements.filter((a) => a.excluded === null && a.verdict === 'wire-checked').length,
    disagree: agreements.filter((a) => a.excluded === null && a.verdict === 'disagree').length,
    noisy: agreements.filter((a) => a.excluded === null && a.verdict === 'noisy').length,
    referenceError: agreements.filter((a) => a.excluded === null && a.verdict === 'reference-error').length,
    excluded: agreements.filter((a) => a.excluded !== null).length,
    excludedWithinTolerance: agreements.filter((a) => a.excluded !== null && a.withinTolerance === true).length,
    failed: checks.length - agreements.length,
  };
};


/** The cells that agree, plainly or once the server's state, the machine's speed or the cores' sharing is the same, or
 * where autocannon's timing is its own traffic's on the wire. */
export const agreeingCells = (tally: CrossCheckTally): number =>
  tally.agree + tally.paceDependent + tally.placementDependent + tally.admissionDependent + tally.secondReference + tally.speedDependent + tally.pinDependent + tally.wireChecked;
