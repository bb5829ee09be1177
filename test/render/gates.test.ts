// The gate table and JUnit XML: a failed check is a <failure>, an inconclusive one <skipped> unless --strict.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeGates } from '../../harness/core/gate-eval.js';
import { parseGateExpression } from '../../harness/core/gate-grammar.js';
import { gatesTable, gatesTally, renderGatesMarkdown, renderJunit } from '../../harness/render/gates.js';
import { completedCell, fakeReportWith } from '../fixtures/fake-report.js';

const lines = { ok: 'waitress-like/io@10 rps >= 30', slow: 'waitress-like/io@10 p99 < 50ms', wide: 'waitress-like/io@10 rps >= 39.2' };
const gates = Object.entries(lines).map(([name, line]) => ({ name, line, expression: parseGateExpression(line) }));
const cell = completedCell('waitress-like', 'io', 10, { rps: 39, p99Ms: 120 });
const report = fakeReportWith([cell]);

describe('gate rendering', () => {
  const outcome = judgeGates(gates, { report }, { strict: false });

  it('shows the measured value, the bound, the interval and the verdict', () => {
    assert.deepEqual(outcome.gates.map((gate) => gate.verdict), ['pass', 'fail', 'inconclusive']);
    const rows = gatesTable(outcome).rows;
    assert.deepEqual(rows[0]!.slice(1, 6), ['waitress-like/io@10', '39.0 req/s', '>= 30.0 req/s', rows[0]![4], 'pass']);
    assert.match(rows[0]![4]!, /^(3\d|40)\.\d req\/s – (3\d|40)\.\d req\/s$/);
    assert.equal(rows[1]![5], 'FAIL');
    assert.match(gatesTally(outcome), /1 passed, 1 failed, 1 inconclusive\. FAILED/);
    assert.match(renderGatesMarkdown(outcome, 'Report x.'), /\| slow: waitress-like\/io@10 p99 < 50ms \| waitress-like\/io@10 \| 120 ms \| < 50\.0 ms \|/);
  });

  it('writes JUnit XML with failures and skips counted', () => {
    const xml = renderJunit(outcome, { suite: 'Report x.', timestamp: '2026-01-01T00:00:00Z' });
    assert.match(xml, /<testsuites name="bench gate" tests="3" failures="1" skipped="1">/);
    assert.match(xml, /<testcase classname="bench.gate" name="slow waitress-like\/io@10"><failure message="120 ms &lt; 50.0 ms/);
    assert.match(xml, /name="wide waitress-like\/io@10"><skipped message=/);
    const strict = renderJunit(judgeGates(gates, { report }, { strict: true }), { suite: 's', timestamp: 't' });
    assert.match(strict, /failures="2" skipped="0"/);
  });
});
