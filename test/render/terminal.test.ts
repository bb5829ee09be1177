import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderTerminal } from '../../harness/render/terminal.js';
import { fakeReport, failedCell } from '../fixtures/fake-report.js';
import { FLASK_DEV, resolved } from '../fixtures/fake-profiles.js';
import { devOnlyReport, sampleReport } from '../fixtures/sample-report.js';

const ESCAPE = '\u001b[';

describe('renderTerminal', () => {
  it('writes no escape codes when color is off', () => {
    assert.ok(!renderTerminal(sampleReport(), { color: false }).includes(ESCAPE));
  });

  it('shows each comparison table with its ratio', () => {
    const output = renderTerminal(sampleReport(), { color: false });
    assert.match(output, /waitress-like vs flask-dev/);
    assert.match(output, /gunicorn-sync-scaled vs flask-dev/);
    assert.match(output, /3\.00×/);
    assert.match(output, /4\.00×/);
    assert.match(output, /2\.50×/);
  });

  it('shows every cell when nothing can be compared', () => {
    const output = renderTerminal(devOnlyReport(), { color: false });
    assert.match(output, /All cells/);
    assert.match(output, /io@10/);
  });

  it('says how many cells failed when the run did not complete', () => {
    const report = fakeReport({ profiles: [resolved(FLASK_DEV)], results: [failedCell('flask-dev', 'io', 10)], status: 'failed' });
    assert.match(renderTerminal(report, { color: false }), /Run failed: 0 of 1 cells measured, 1 failed or cut short\./);
  });

  it('counts the cells an interrupted run never began', () => {
    // Stop 16: interrupted after 23 of 30 cells, the line read "0 of 23 cells failed or were not measured".
    const report = fakeReport({ profiles: [resolved(FLASK_DEV)], results: [failedCell('flask-dev', 'io', 10)], status: 'aborted' });
    const planned = { ...report, method: { ...report.method, plannedCells: 3 } };
    assert.match(renderTerminal(planned, { color: false }), /Run aborted: 0 of 3 cells measured, 1 failed or cut short, 2 not begun\./);
  });

  it('adds no status line to a completed run', () => {
    assert.doesNotMatch(renderTerminal(sampleReport(), { color: false }), /^Run /m);
  });
});
