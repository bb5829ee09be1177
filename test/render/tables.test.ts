import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonTables, resultsTable } from '../../harness/render/tables.js';
import { devOnlyReport, sampleReport } from '../fixtures/sample-report.js';

describe('comparisonTables', () => {
  it('makes one table per production profile, titled with its counterpart', () => {
    assert.deepEqual(comparisonTables(sampleReport()).map((table) => table.title), ['waitress-like vs flask-dev', 'gunicorn-sync-scaled vs flask-dev']);
  });

  it('puts the counterpart and the profile side by side with their ratio', () => {
    const [waitress] = comparisonTables(sampleReport());
    assert.deepEqual(waitress!.head, ['cell', 'flask-dev req/s', 'waitress-like req/s', 'ratio', 'difference', 'flask-dev p99', 'waitress-like p99', 'waitress-like failures']);
    assert.deepEqual(waitress!.rows, [
      ['io@10', '80.0 ±2%', '240 ±2%', '3.00×', 'significant', '250 ms', '120 ms', 'none'],
      ['io@50', '90.0 ±2%', '360 ±2%', '4.00×', 'significant', '900 ms', '400 ms', '3 errors, 2 timeouts, 7 non-2xx'],
    ]);
  });

  it('says a steady difference under 2% is under 2%, not significant and not noise', () => {
    const report = sampleReport();
    const steady = { ...report, comparisons: report.comparisons.map((c) => ({ ...c, rpsDifference: { pValue: 0.001, significant: false, belowMinEffect: true } })) };
    assert.equal(comparisonTables(steady)[0]!.rows[0]![4], 'under 2%');
  });

  it('leaves out the cells the production profile failed', () => {
    const gunicorn = comparisonTables(sampleReport())[1]!;
    assert.deepEqual(gunicorn.rows.map((row) => row[0]), ['io@10']);
  });

  it('makes no table when nothing can be compared', () => {
    assert.deepEqual(comparisonTables(devOnlyReport()), []);
  });
});

describe('resultsTable', () => {
  it('has a row for every cell, failed ones included', () => {
    assert.equal(resultsTable(sampleReport()).rows.length, 6);
  });

  it('shows the figures of a completed cell', () => {
    const row = resultsTable(sampleReport()).rows.find((r) => r[0] === 'waitress-like' && r[1] === 'io@10');
    assert.deepEqual(row, ['waitress-like', 'io@10', '240 ±2%', '–', '30.0 ms', '60.0 ms', '120 ms', '240 ms', 'none', '48.0 MiB', '35%', '']);
  });

  it('marks the latency of a cell whose generator ran later than a quarter of its p50', () => {
    const report = sampleReport();
    const results = report.results.map((cell, index) =>
      index === 2 && cell.status === 'completed' ? { ...cell, repeats: cell.repeats.map((r) => ({ ...r, generator: { ...r.generator, eventLoopDelayMs: { p99: 9, max: 20 } } })) } : cell,
    );
    const marks = (r: { rows: readonly (readonly string[])[] }) => r.rows.find((row) => row[0] === 'waitress-like' && row[1] === 'io@10')!.at(-1);
    assert.equal(marks(resultsTable({ ...report, results })), 'generator-late latency');
    assert.equal(marks(resultsTable(report)), '');
  });

  it('shows "failed" and the first line of the error for a failed cell', () => {
    const row = resultsTable(sampleReport()).rows.find((r) => r[0] === 'gunicorn-sync-scaled' && r[1] === 'io@50');
    assert.equal(row![2], 'failed');
    assert.equal(row![8], 'server exited during the run');
  });
});
