import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crossCheckCell } from '../../harness/core/agreement.js';
import type { CompletedCell } from '../../harness/core/results.js';
import { crossCheckTable } from '../../harness/render/cross-check-table.js';
import { renderMarkdown } from '../../harness/render/markdown.js';
import { renderValidationTerminal } from '../../harness/render/terminal.js';
import { isValidated, validationVerdict } from '../../harness/render/validation.js';
import { tallyCrossCheck } from '../../harness/core/cross-check-tally.js';
import { judgeWire } from '../../harness/core/wire.js';
import { fakeReportWith } from '../fixtures/fake-report.js';
import { measuredCell, repeatsAt } from '../fixtures/fake-repeats.js';

/** A cell measured by autocannon at these rates and by wrk at those, with the given generator CPU. */
const checked = (profile: string, autocannon: readonly number[], wrk: readonly number[], autocannonCpu = 30): CompletedCell => {
  const mine = measuredCell(profile, 'health', 1000, repeatsAt(autocannon, { generatorCpuPercent: autocannonCpu }));
  const theirs = measuredCell(profile, 'health', 1000, repeatsAt(wrk).map((r) => ({ ...r, generator: { name: 'wrk', cpuPercent: 12 } })));
  return { ...mine, crossCheck: crossCheckCell(mine, theirs) };
};

describe('the validation of a cross-checked run', () => {
  const agreeing = checked('waitress-like', [2000, 2050, 2100], [2100, 2150, 2200]);
  const disagreeing = checked('flask-dev', [500, 505, 510], [800, 805, 810]);
  const noisy = checked('uvicorn', [5000, 5100, 5200], [3000, 7000, 9000]);
  const saturated = checked('gunicorn-uvicorn', [9000, 9000, 9000], [15000, 15000, 15000], 97);

  it('counts each kind of verdict', () => {
    assert.deepEqual(tallyCrossCheck(fakeReportWith([agreeing, disagreeing, noisy, saturated])), { agree: 1, paceDependent: 0, placementDependent: 0, admissionDependent: 0, secondReference: 0, speedDependent: 0, pinDependent: 0, wireChecked: 0, disagree: 1, noisy: 1, referenceError: 0, excluded: 1, excludedWithinTolerance: 0, failed: 0 });
  });

  it('is validated when nothing that counts disagrees, and says how many cells were too noisy', () => {
    const report = fakeReportWith([agreeing, noisy, saturated]);
    assert.ok(isValidated(tallyCrossCheck(report)));
    assert.match(validationVerdict(report), /^No disagreement: 1 cells agree, 0 disagree, 1 too noisy to judge .*, 1 excluded as generator-bound\./);
  });

  it('says of an excluded cell whether its figures were within the tolerance all the same', () => {
    // As flask-dev-single/cpu@1 at 60c228b, generator-bound by a hair with 85.8 against 87.9 req/s: autocannon
    // saturated here, its figures within 15% of wrk's.
    const within = checked('flask-dev-single', [9000, 9000, 9000], [9200, 9200, 9200], 97);
    const report = fakeReportWith([agreeing, saturated, within]);
    assert.equal(tallyCrossCheck(report).excluded, 2);
    assert.equal(tallyCrossCheck(report).excludedWithinTolerance, 1);
    assert.match(validationVerdict(report), /, 2 excluded as generator-bound \(1 of them within the tolerance all the same\)\./);
    const rows = crossCheckTable(report)!.rows;
    assert.match(rows.find((cells) => cells[0] === 'flask-dev-single/health@1000')!.at(-1)!, /^excluded \(generator-bound: .*\); within the tolerance all the same$/);
    assert.doesNotMatch(rows.find((cells) => cells[0] === 'gunicorn-uvicorn/health@1000')!.at(-1)!, /within the tolerance/);
    // Apart, the cell says nothing of the kind: the tally's bare count stays as it was.
    assert.match(validationVerdict(fakeReportWith([agreeing, saturated])), /, 1 excluded as generator-bound\./);
  });

  it('is not validated when one cell disagrees, and names the figure', () => {
    const report = fakeReportWith([agreeing, disagreeing]);
    assert.match(validationVerdict(report), /^NOT validated: 1 cells agree, 1 disagree/);
    const row = crossCheckTable(report)!.rows.find((cells) => cells[0] === 'flask-dev/health@1000')!;
    assert.match(row.at(-1)!, /^DISAGREE: req\/s 505 vs 805 \(-37%, allowed ±15%\)$/);
  });

  it("shows each run's server CPU and the whole machine's beside the generator's", () => {
    const withMachine = (cell: CompletedCell, machine: number): CompletedCell => ({ ...cell, repeats: cell.repeats.map((r) => ({ ...r, machineCpuPercent: machine })), machineCpuPercent: machine });
    const mine = withMachine(measuredCell('gunicorn-gthread', 'upload', 100, repeatsAt([480, 500, 520])), 190);
    const theirs = withMachine(measuredCell('gunicorn-gthread', 'upload', 100, repeatsAt([600, 620, 640]).map((r) => ({ ...r, cpuPercent: 150, generator: { name: 'wrk', cpuPercent: 20 } }))), 181);
    const table = crossCheckTable(fakeReportWith([{ ...mine, crossCheck: crossCheckCell(mine, theirs) }]))!;
    const column = (name: RegExp): number => table.head.findIndex((title) => name.test(title));
    const row = table.rows[0]!;
    assert.equal(row[column(/^server CPU$/)], '40% / 150%');
    assert.match(table.head[column(/^machine CPU/)]!, /of \d+%\)$/);
    assert.equal(row[column(/^machine CPU/)], '190% / 181%');
  });

  it('shows the table and the verdict in the terminal and in report.md', () => {
    const report = fakeReportWith([agreeing, disagreeing]);
    const terminal = renderValidationTerminal(report, { color: false });
    assert.match(terminal, /Cross-check: autocannon against wrk/);
    assert.match(terminal, /NOT validated/);
    assert.doesNotMatch(terminal, /\u001b\[/, 'no escape codes without color');
    assert.match(renderMarkdown(report), /## Cross-check: autocannon against wrk\n\nNOT validated/);
  });

  it('counts a cell that agrees only with wrk pausing as agreeing at a client’s pace, and shows both readings of wrk', () => {
    const cellOf = (name: string, p99s: readonly number[]) =>
      measuredCell('gunicorn-gevent', 'cpu', 10, p99s.map((p99) => ({ ...repeatsAt([85])[0]!, latencyMs: { min: 20, mean: 115, p50: 115, p90: 130, p99, max: 2 * p99 }, latencyAnyMs: { min: 20, mean: 115, p50: 115, p90: 130, p99, max: 2 * p99 }, generator: { name, cpuPercent: 10 } })));
    const mine = cellOf('autocannon', [135, 138, 131]);
    const paced = { ...mine, crossCheck: crossCheckCell(mine, cellOf('wrk', [315, 330, 300]), [{ cell: cellOf('wrk pausing 1 ms', [153, 158, 150]), pauseMs: 1 }]) };
    const report = fakeReportWith([agreeing, paced]);
    assert.deepEqual(tallyCrossCheck(report), { agree: 1, paceDependent: 1, placementDependent: 0, admissionDependent: 0, secondReference: 0, speedDependent: 0, pinDependent: 0, wireChecked: 0, disagree: 0, noisy: 0, referenceError: 0, excluded: 0, excludedWithinTolerance: 0, failed: 0 });
    assert.match(validationVerdict(report), /^Validated: 1 cells agree, 1 agree at a client's pace \(back-to-back, wrk's latency differed; pausing 1 ms before each request moved it, and a reference at a client's pace agreed with autocannon/);
    const row = crossCheckTable(report)!.rows.find((cells) => cells[0] === 'gunicorn-gevent/cpu@10')!;
    assert.equal(row[7], '315 ms', 'the table shows back-to-back wrk');
    assert.match(row.at(-1)!, /^agree at a client's pace: wrk pausing 1 ms read 85\.0 req\/s, p50 115 ms, p99 153 ms: agrees; back-to-back, p99 135 ms vs 315 ms/);
  });
  // gunicorn-eventlet/health@100: apart on p99 alone after every reference; autocannon's own timing its traffic's.
  it('counts a cell whose autocannon timing matches its traffic on the wire as agreeing against the wire, and shows both checks', () => {
    const cellOf = (name: string, p99s: readonly number[]) =>
      measuredCell('gunicorn-eventlet', 'health', 100, p99s.map((p99) => ({ ...repeatsAt([4500])[0]!, latencyMs: { min: 0.1, mean: 20, p50: 0.2, p90: 87, p99, max: 290 }, latencyAnyMs: { min: 0.1, mean: 20, p50: 0.2, p90: 87, p99, max: 290 }, generator: { name, cpuPercent: 30 } })));
    const mine = cellOf('autocannon', [214, 210, 220]);
    const check = (generator: string, timedP99: number, wireP99: number) =>
      judgeWire(generator, { requests: 9000, latencyMs: { min: 0.1, mean: 20, p50: 0.2, p90: 87, p99: timedP99, max: 290 } }, { answers: 9000, unanswered: 0, connections: 100, latencyMs: { min: 0.1, mean: 20, p50: 0.15, p90: 87, p99: wireP99, max: 290 } }, 0, 100);
    const wired = { ...mine, crossCheck: crossCheckCell(mine, cellOf('wrk', [360, 350, 370]), [], undefined, { candidate: check('autocannon', 204, 205), reference: check('wrk', 360, 362) }) };
    const report = fakeReportWith([agreeing, wired]);
    assert.equal(tallyCrossCheck(report).wireChecked, 1);
    assert.match(validationVerdict(report), /^Validated: 1 cells agree, 1 agree against the wire \(they differ after every other reference, on latency alone/);
    const row = crossCheckTable(report)!.rows.find((cells) => cells[0] === 'gunicorn-eventlet/health@100')!;
    assert.match(row.at(-1)!, /^agree against the wire \(one repeat each, captured\): autocannon timed p50 0\.20 ms, p99 204 ms over 9000 answers; its traffic on the wire p50 0\.15 ms, p99 205 ms over 9000: agree; wrk timed .*: agree; back-to-back, p99 214 ms vs 360 ms/);
  });

  it('counts a cell whose workers held the connections differently as agreeing at the same placement, and notes a difference in the connections accepted', () => {
    const cellOf = (name: string, runs: readonly (readonly [number, number, readonly number[]])[], accepted?: readonly number[]) =>
      measuredCell(
        'gunicorn-gthread',
        'io',
        10,
        runs.map(([rps, p50, held]) => ({ ...repeatsAt([rps], { latencyMs: { mean: p50, p50, p99: p50 * 1.5 } })[0]!, generator: { name, cpuPercent: 3 }, processConnectionsHeld: held, ...(accepted ? { connectionsAccepted: accepted } : {}) })),
      );
    const mine = cellOf('autocannon', [[79, 102, [5, 5, 0]], [79, 102, [5, 5, 0]], [49, 203, [9, 1, 0]]]);
    const placed = { ...mine, crossCheck: crossCheckCell(mine, cellOf('wrk', [[48, 203, [9, 1, 0]], [48, 203, [9, 1, 0]], [48, 204, [9, 1, 0]]])) };
    const report = fakeReportWith([agreeing, placed]);
    assert.equal(tallyCrossCheck(report).placementDependent, 1);
    assert.match(validationVerdict(report), /^Validated: 1 cells agree, 1 agree at the same placement/);
    const row = crossCheckTable(report)!.rows.find((cells) => cells[0] === 'gunicorn-gthread/io@10')!;
    assert.match(row.at(-1)!, /^agree at the same placement: the server's workers held the connections 5\+5 ×2, 9\+1 under autocannon, 9\+1 ×3 under the reference; at 9\+1 \(1 and 3 repeats\) autocannon 49\.0 req\/s/);
    // One placement throughout, fewer connections accepted under wrk: a disagreement, with the admission beside it.
    const late = cellOf('autocannon', [[79, 102, [5, 5, 0]], [79, 102, [5, 5, 0]]], [10, 10, 10]);
    const admitted = { ...late, crossCheck: crossCheckCell(late, cellOf('wrk', [[48, 203, [5, 5, 0]], [48, 203, [5, 5, 0]]], [6, 8, 10])) };
    const lateRow = crossCheckTable(fakeReportWith([admitted]))!.rows[0]!;
    assert.match(lateRow.at(-1)!, /^DISAGREE: .*; the server had accepted 10 of autocannon's 10 connections at its first sample of the load, 6 of the reference's/);
  });
  it('counts a cell whose tail followed the connections accepted at first as agreeing at the same admission', () => {
    // waitress-8-200/cpu@100 at 0fb81c3: [req/s, p50, p99, connections accepted at the first sample], 1,330 answers each.
    const cellOf = (name: string, runs: readonly (readonly [number, number, number, number])[]) =>
      measuredCell(
        'waitress-8-200',
        'cpu',
        100,
        runs.map(([rps, p50, p99, accepted]) => ({ ...repeatsAt([rps], { durationSec: 15, latencyMs: { mean: p50 * 1.1, p50, p99, max: p99 * 1.4 } })[0]!, generator: { name, cpuPercent: 10 }, connectionsAccepted: [accepted, accepted, accepted, 100] })),
      );
    const mine = cellOf('autocannon', [[88.7, 937, 5894, 82], [88.7, 572, 6373, 45], [88.6, 1055, 2185, 91], [88.0, 1043, 2136, 93]]);
    const wrk = cellOf('wrk', [[90.9, 602, 10430, 47], [89.4, 684, 10631, 50], [89.9, 808, 9968, 71], [90.0, 771, 10383, 66]]);
    const pausing = cellOf('wrk pausing 1 ms', [[89.7, 1057, 2108, 100], [88.9, 928, 10189, 82], [89.1, 1038, 3779, 94], [89.6, 1031, 2140, 97]]);
    const report = fakeReportWith([{ ...mine, crossCheck: crossCheckCell(mine, wrk, [{ cell: pausing, pauseMs: 1 }]) }]);
    assert.equal(tallyCrossCheck(report).admissionDependent, 1);
    assert.equal(isValidated(tallyCrossCheck(report)), true);
    assert.match(validationVerdict(report), /1 agree at the same admission/);
    assert.match(
      crossCheckTable(report)!.rows[0]!.at(-1)!,
      /^agree at the same admission: the server had accepted 86\.5 of autocannon's 100 connections .* \(not yet accepted, repeat by repeat: 18, 55, 9, 7 under autocannon; 53, 50, 29, 34 under the reference\); on the repeats with late connections under 1% of the answers \(2 of autocannon's, 3 of wrk pausing 1 ms's\) autocannon 88\.3 req\/s, p50 1049 ms, p99 2161 ms against 89\.6 req\/s, p50 1038 ms, p99 2140 ms: agree; over all repeats, .*p99 4040 ms vs 10407 ms/,
    );
  });

  it('counts a cell whose wrk latency broke Little’s law as agreeing with a second reference where hey agrees, and shows both', () => {
    // gunicorn-gevent/health@10: wrk's 4.77 ms mean at 4,698 req/s puts 22 requests in flight on 10 connections.
    const cellOf = (name: string, runs: readonly (readonly [number, number, number])[]) =>
      measuredCell('gunicorn-gevent', 'health', 10, runs.map(([rps, mean, p99]) => ({ ...repeatsAt([rps], { latencyMs: { mean, p50: 1.9, p99 } })[0]!, generator: { name, cpuPercent: 20 } })));
    const mine = cellOf('autocannon', [[4645, 2.14, 6.5], [4610, 2.16, 6.8], [4680, 2.13, 6.4]]);
    const wrk = cellOf('wrk', [[4698, 4.77, 27], [4650, 4.8, 26], [4720, 4.7, 28]]);
    const hey = cellOf('hey', [[4590, 2.17, 7.1], [4620, 2.16, 6.9], [4600, 2.17, 7.4]]);
    const report = fakeReportWith([{ ...mine, crossCheck: crossCheckCell(mine, wrk, [{ cell: hey, pauseMs: null }]) }]);
    assert.equal(tallyCrossCheck(report).secondReference, 1);
    assert.equal(isValidated(tallyCrossCheck(report)), true);
    assert.match(validationVerdict(report), /^Validated: 0 cells agree, 1 agree with a second reference/);
    assert.match(crossCheckTable(report)!.rows[0]!.at(-1)!, /^agree with a second reference: hey read 4600 req\/s, p50 1\.90 ms, p99 7\.10 ms: agrees; back-to-back, latency not compared \(wrk's own figures break Little's law/);
    // hey steadily apart: a disagreement, said as one.
    const apart = cellOf('hey', [[4590, 2.17, 12.1], [4620, 2.16, 11.9], [4600, 2.17, 12.4]]);
    const disagreeing = fakeReportWith([{ ...mine, crossCheck: crossCheckCell(mine, wrk, [{ cell: apart, pauseMs: null }]) }]);
    assert.equal(isValidated(tallyCrossCheck(disagreeing)), false);
    assert.match(crossCheckTable(disagreeing)!.rows[0]!.at(-1)!, /^DISAGREE: against hey: p99 6\.50 ms vs 12\.10 ms/);
  });
  it('says where wrk broke Little’s law pinned apart too, not “too noisy to judge” with nothing named', () => {
    // dxf-limited/io@100 on 2026-12-06: wrk's mean put 123 requests in flight on 100 connections unpinned, and 122
    // pinned apart, where req/s agreed (1,977 against 2,038).
    const cellOf = (name: string, runs: readonly (readonly [number, number])[]) =>
      measuredCell('dxf-limited', 'io', 100, runs.map(([rps, mean]) => ({ ...repeatsAt([rps], { latencyMs: { mean, p50: 37, p99: 438 } })[0]!, generator: { name, cpuPercent: 20 } })));
    const mine = cellOf('autocannon', [[1040, 80], [1044, 80], [1050, 79]]);
    const wrk = cellOf('wrk', [[1110, 110], [1118, 110], [1125, 109]]);
    const pinned = { measured: cellOf('autocannon', [[1970, 40], [1977, 40], [1985, 40]]), reference: cellOf('wrk', [[2030, 60], [2038, 60], [2045, 60]]), generatorCpus: '0', serverCpus: '1' };
    const check = crossCheckCell(mine, wrk, [], pinned);
    assert.ok(check.status === 'completed');
    assert.equal(check.agreement.verdict, 'reference-error');
    const row = crossCheckTable(fakeReportWith([{ ...mine, crossCheck: check }]))!.rows[0]!.at(-1)!;
    assert.match(row, /against 2038 req\/s, p50 37\.0 ms, p99 438 ms: latency not compared \(wrk's own figures break Little's law: 2038 req\/s × 60\.00 ms mean = 122\.3 requests in flight on 100 connections\); req\/s agree/);
    assert.doesNotMatch(row, /too noisy to judge \(\)/);
  });

  it('counts a cell the host slowed in some repeats as agreeing at the same speed where the repeats at one speed agree, and shows each repeat’s core speeds', () => {
    // gunicorn-sync/upload@10 (see agreement.test.ts): 500–650 req/s by either generator while the host ran core 1 at
    // half speed, 880–940 outside.
    const cellOf = (name: string, runs: readonly (readonly [number, number, number, number])[]) =>
      measuredCell('gunicorn-sync', 'upload', 10, runs.map(([rps, p50, p99, slowest]) => ({ ...repeatsAt([rps], { durationSec: 2, latencyMs: { mean: p50, p50, p99 } })[0]!, generator: { name, cpuPercent: 40 }, hostSpeed: [0.92, slowest] })));
    const mine = cellOf('autocannon', [[903, 10.5, 15.2, 0.91], [571, 17.1, 22.2, 0.55], [905, 10.6, 14.5, 0.9]]);
    const wrk = cellOf('wrk', [[559, 17.9, 20.5, 0.53], [595, 16.8, 18.1, 0.56], [920, 10.7, 11.9, 0.9], [925, 10.7, 12.6, 0.91]]);
    const report = fakeReportWith([{ ...mine, crossCheck: crossCheckCell(mine, wrk) }]);
    assert.equal(tallyCrossCheck(report).speedDependent, 1);
    assert.equal(isValidated(tallyCrossCheck(report)), true);
    assert.match(validationVerdict(report), /1 agree at the same speed \(the host ran the machine's cores at different speeds/);
    assert.match(
      crossCheckTable(report)!.rows[0]!.at(-1)!,
      /^agree at the same speed: the host ran the machine's cores at different speeds across the repeats \(core by core, of the fastest the cell's repeats ran it, below 70% slowed: 92%\/91%, 92%\/55%, 92%\/90% under autocannon; 92%\/53%, 92%\/56%, 92%\/90%, 92%\/91% under the reference\); with every core at full speed \(2 and 2 repeats\) autocannon 904 req\/s, p50 10\.6 ms, p99 14\.8 ms against 923 req\/s, p50 10\.7 ms, p99 12\.3 ms: agree; over all repeats, too noisy to judge/,
    );
  });

  it('says where the pause is not shown to move the server because the host ran wrk’s repeats at different speeds', () => {
    // uvicorn/upload@100 at 4fe099b (see agreement.test.ts): each repeat's req/s, p50, p99 and units of the speed probe.
    const cellOf = (name: string, runs: readonly (readonly [number, number, number, number, number])[]) =>
      measuredCell('uvicorn', 'upload', 100, runs.map(([rps, p50, p99, core0, core1]) => ({ ...repeatsAt([rps], { durationSec: 2, latencyMs: { mean: (100 / rps) * 1000, p50, p99 } })[0]!, generator: { name, cpuPercent: 30 }, hostSpeed: [1, 1], hostUnitMs: [core0, core1] })));
    const mine = cellOf('autocannon', [[1409, 67.97, 93.57, 0.6705, 0.99775], [1163, 90.94, 114.11, 0.99775, 1.00535], [1299, 71.94, 120.32, 0.7597, 0.9288]]);
    const wrk = cellOf('wrk', [[1634, 57.97, 86.57, 0.64985, 1.00975], [1610, 58.16, 84.7, 0.6886, 1.0239], [1240, 81.14, 98.04, 0.9484, 0.9818]]);
    const pausing = cellOf('wrk pausing 1 ms', [[1277, 69.84, 136.64, 0.90745, 0.99065], [1090, 87.19, 148.82, 0.97595, 0.89735], [1149, 81.96, 129.36, 1.01545, 1.0301]]);
    const report = fakeReportWith([{ ...mine, crossCheck: crossCheckCell(mine, wrk, [{ cell: pausing, pauseMs: 1 }]) }]);
    assert.equal(tallyCrossCheck(report).paceDependent, 0);
    assert.match(
      crossCheckTable(report)!.rows[0]!.at(-1)!,
      /; the host ran the machine's cores at different speeds across wrk's repeats \(core by core, below 70% slowed: 100%\/89%, 94%\/88%, 69%\/91% back-to-back; 72%\/91%, 67%\/100%, 64%\/87% pausing\); no state of the machine with 2 repeats of both, so the pause is not shown to move the server;/,
    );
  });
});
