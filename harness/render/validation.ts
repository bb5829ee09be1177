// What `bench validate` shows: the cross-check table, the tally, and the verdict in one line.
import { LATENCY_TOLERANCE, LATENCY_TOLERANCE_MS, PACE_MAX_SHARE, PACE_PAUSE_MS, RPS_TOLERANCE, WITHIN_TOLERANCE } from '../core/agreement.js';
import type { Report } from '../core/report.js';
import { agreeingCells, tallyCrossCheck, type CrossCheckTally } from '../core/cross-check-tally.js';
import { crossCheckTable } from './cross-check-table.js';
import type { TableData } from './tables.js';

export const AGREEMENT_RULE = `req/s within ±${RPS_TOLERANCE * 100}%, p50 and p99 within ±${LATENCY_TOLERANCE * 100}% or ${LATENCY_TOLERANCE_MS} ms, whichever is larger; where they differ on latency alone, the cell is measured again at a client's pace (wrk pausing ${PACE_PAUSE_MS} ms before each request, then hey), and counts as agreeing at a client's pace where the pause moved wrk's latency or req/s and one of them agrees with autocannon on every figure (the server's latency then depends on how soon a client sends its next request), and as too noisy to judge, not a disagreement, where the pause moved it and the readings at a client's pace are too noisy to judge and none apart; where the server's workers held the keep-alive connections differently under the two, the repeats where both met the same placement are judged alone, and the cell counts as agreeing at the same placement where they agree; where the server had not yet accepted so many connections at the first sample of some repeats that their first answers, waiting in the accept queue, could set the p99 (1% of the answers or more), the repeats where it had are judged alone, and the cell counts as agreeing at the same admission where they agree; where wrk's own latency broke Little's law (more requests in flight than connections), or they differ on latency alone where ${PACE_PAUSE_MS} ms is more than ${PACE_MAX_SHARE * 100}% of a connection's cycle (too much to test the pace by pausing), hey measures the cell back-to-back as a second reference, and the cell counts as agreeing with it where hey keeps to the law and agrees on every figure, and as a disagreement where hey finds a steady difference; where the host ran the machine's cores at different speeds across the repeats (each core is timed through the run), the repeats where it ran them alike are judged alone, and the cell counts as agreeing at the same speed where they agree; where, unpinned, they still differ or wrk's latency still breaks Little's law, the cell is measured again with the server and the generator on separate cores, and counts as agreeing pinned apart where they agree there; where they still differ after all of these on latency alone, or on req/s with the server's CPU the same under both (so it spent more per answer under one, and neither generator took it), and not on req/s against hey where the server's CPU under hey was not the same, each generator measures the cell again with its traffic captured on the wire (tcpdump on loopback; a repeat that met the server in another state than the cell's repeats is captured again, up to 3 times), and the cell counts as agreeing against the wire where autocannon's own p50 and p99, in a repeat that stands for the cell's, are within the latency tolerance of what its connections got on the wire, and its count of answers the wire's (then the difference is in how the server served each client, not in autocannon's timing or count), and as a disagreement where they are not; generator-bound cells (the generator saturated, or autocannon's latency above wrk's within its own event loop's lateness) do not count`;

/** No cell that counts disagrees, none went unchecked, and at least one agrees. Noisy cells are shown, not failed:
 * there the generators' own repeats differ by more than the tolerance, so no generator could be judged at it. */
export const isValidated = (tally: CrossCheckTally): boolean => tally.disagree === 0 && tally.failed === 0 && agreeingCells(tally) > 0;

export const describeTally = (tally: CrossCheckTally): string =>
  [
    `${tally.agree} cells agree`,
    ...(tally.paceDependent > 0 ? [`${tally.paceDependent} agree at a client's pace (back-to-back, wrk's latency differed; pausing ${PACE_PAUSE_MS} ms before each request moved it, and a reference at a client's pace agreed with autocannon: the server answers a client by its pace)`] : []),
    ...(tally.placementDependent > 0 ? [`${tally.placementDependent} agree at the same placement (the server's workers held the connections differently under the two generators, and on the repeats where both met one placement they agree)`] : []),
    ...(tally.admissionDependent > 0 ? [`${tally.admissionDependent} agree at the same admission (in some repeats the server left enough connections in its accept queue at first to set the p99, and on the repeats where it did not they agree)`] : []),
    ...(tally.secondReference > 0 ? [`${tally.secondReference} agree with a second reference (wrk's own latency broke Little's law, or differed where its pace could not be tested by a pause; hey, measured back-to-back, kept to the law and agrees on every figure)`] : []),
    ...(tally.speedDependent > 0 ? [`${tally.speedDependent} agree at the same speed (the host ran the machine's cores at different speeds across the repeats, and on the repeats where it ran them alike they agree)`] : []),
    ...(tally.pinDependent > 0 ? [`${tally.pinDependent} agree pinned apart (unpinned they differ; measured again with the server and the generator on separate cores, they agree: the sharing of the cores set them apart)`] : []),
    ...(tally.wireChecked > 0 ? [`${tally.wireChecked} agree against the wire (they differ after every other reference, on latency alone or on req/s with the server at the same CPU under both; autocannon's own count, p50 and p99 are what its connections got on the wire, so the server served the two differently)`] : []),
    `${tally.disagree} disagree`,
    ...(tally.noisy > 0 ? [`${tally.noisy} too noisy to judge (a generator's own repeats spread wider than the tolerance)`] : []),
    ...(tally.referenceError > 0 ? [`${tally.referenceError} where wrk's own latency broke Little's law and only req/s was compared`] : []),
    `${tally.excluded} excluded as generator-bound${tally.excludedWithinTolerance > 0 ? ` (${tally.excludedWithinTolerance} of them ${WITHIN_TOLERANCE})` : ''}`,
    ...(tally.failed > 0 ? [`${tally.failed} not checked (the reference generator failed)`] : []),
  ].join(', ') + '.';

export const validationVerdict = (report: Report): string => {
  const tally = tallyCrossCheck(report);
  if (agreeingCells(tally) + tally.disagree + tally.noisy + tally.referenceError + tally.excluded + tally.failed === 0) return 'Not validated: no cell was cross-checked.';
  const verdict = !isValidated(tally) ? 'NOT validated' : tally.noisy + tally.referenceError > 0 ? 'No disagreement' : 'Validated';
  return `${verdict}: ${describeTally(tally)} Rule: ${AGREEMENT_RULE}.`;
};

/** The validation as tables and lines, for any tabular renderer. */
export const validationView = (report: Report): { readonly table: TableData | null; readonly verdict: string } => ({
  table: crossCheckTable(report),
  verdict: validationVerdict(report),
});
