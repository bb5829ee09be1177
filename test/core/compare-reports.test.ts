// bench compare: cell by cell, the change from one report to the other and whether it is more than noise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareReports } from '../../harness/core/compare-reports.js';
import { completedCell, fakeReportWith } from '../fixtures/fake-report.js';
import { compareTable, renderCompareMarkdown, significanceText } from '../../harness/render/compare.js';

describe('compareReports', () => {
  const before = fakeReportWith([completedCell('waitress-like', 'health', 10, { rps: 2000, p99Ms: 10 }), completedCell('waitress-like', 'io', 10, { rps: 39, p99Ms: 120 }), completedCell('waitress-like', 'cpu', 10)]);
  const after = fakeReportWith([completedCell('waitress-like', 'health', 10, { rps: 1000, p99Ms: 10.05 }), completedCell('waitress-like', 'io', 10, { rps: 39, p99Ms: 120 }), completedCell('waitress-like', 'upload', 10)]);
  const comparison = compareReports(before, after);

  it('gives each common cell its change and whether it is significant', () => {
    assert.deepEqual(comparison.cells.map((cell) => cell.cell), ['waitress-like/health@10', 'waitress-like/io@10']);
    const health = comparison.cells[0]!;
    assert.ok(Math.abs(health.rps!.change! - -0.5) < 1e-9);
    assert.equal(health.rps!.difference.significant, true);
    assert.match(significanceText(health.rps!), /^significant \(p = /);
    assert.equal(health.latencyP99Ms!.difference.significant, false);
    const io = comparison.cells[1]!;
    assert.equal(io.rps!.change, 0);
    assert.equal(io.rps!.difference.significant, false);
  });

  it('lists the cells only one report has', () => {
    assert.deepEqual(comparison.onlyBefore, ['waitress-like/cpu@10']);
    assert.deepEqual(comparison.onlyAfter, ['waitress-like/upload@10']);
    assert.match(renderCompareMarkdown(comparison), /Only in .*: waitress-like\/cpu@10/);
  });

  it('renders the change with its sign in a row per cell', () => {
    const rows = compareTable(comparison).rows;
    assert.equal(rows[0]![3], '−50.0%');
    assert.equal(rows[1]![3], '+0.0%');
  });
});
