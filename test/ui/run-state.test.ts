import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchEvent } from '../../harness/core/events.js';
import { INITIAL_RUN_STATE, reduceRunState } from '../../harness/ui/run-state.js';
import { cellSpec, completedCell } from '../fixtures/fake-report.js';
import { fakeSample, reduceEvents } from '../fixtures/fake-events.js';

const CELL = cellSpec('waitress-like', 'io', 10);

describe('reduceRunState', () => {
  it('starts in preparation with nothing done', () => {
    assert.equal(INITIAL_RUN_STATE.phase, 'preparing');
    assert.equal(INITIAL_RUN_STATE.doneCells, 0);
  });

  it('follows a cell from server start to its result', () => {
    const result = completedCell('waitress-like', 'io', 10);
    const steps: [BenchEvent, string][] = [
      [{ type: 'run:start', runId: 'r1', runDir: '/runs/r1', totalCells: 2, profiles: ['waitress-like'] }, 'preparing'],
      [{ type: 'server:starting', profile: 'waitress-like' }, 'starting server'],
      [{ type: 'cell:start', cell: CELL, index: 0, total: 2 }, 'measuring'],
      [{ type: 'cell:warmup', cell: CELL, warmupSec: 2 }, 'warming up'],
      [{ type: 'load:tick', cell: CELL, sample: fakeSample() }, 'measuring'],
      [{ type: 'cell:done', cell: CELL, result, index: 1, total: 2 }, 'measuring'],
      [{ type: 'server:stopped', profile: 'waitress-like' }, 'stopping server'],
      [{ type: 'run:done', status: 'completed', runDir: '/runs/r1' }, 'done'],
    ];
    let state = INITIAL_RUN_STATE;
    for (const [event, phase] of steps) {
      state = reduceRunState(state, event);
      assert.equal(state.phase, phase, `after ${event.type}`);
    }
    assert.equal(state.runId, 'r1');
    assert.equal(state.totalCells, 2);
    assert.equal(state.doneCells, 1);
    assert.equal(state.profile, 'waitress-like');
    assert.deepEqual(state.results, [result]);
    assert.equal(state.status, 'completed');
  });

  it('keeps the latest sample while measuring and drops it when the next cell warms up', () => {
    const measuring = reduceEvents([
      { type: 'cell:start', cell: CELL, index: 0, total: 2 },
      { type: 'load:tick', cell: CELL, sample: fakeSample({ rps: 10 }) },
      { type: 'load:tick', cell: CELL, sample: fakeSample({ rps: 20 }) },
    ]);
    assert.equal(measuring.sample?.rps, 20);
    const next = reduceRunState(measuring, { type: 'cell:warmup', cell: cellSpec('waitress-like', 'io', 50), warmupSec: 2 });
    assert.equal(next.sample, undefined);
    assert.equal(next.cell?.connections, 50);
  });

  it('forgets the previous profile\'s cell when the next server starts', () => {
    const state = reduceEvents([
      { type: 'cell:start', cell: CELL, index: 0, total: 2 },
      { type: 'server:starting', profile: 'gunicorn-sync' },
    ]);
    assert.equal(state.profile, 'gunicorn-sync');
    assert.equal(state.cell, undefined);
  });

  it('records load errors, server failures and warnings, but not information', () => {
    const state = reduceEvents([
      { type: 'load:error', cell: CELL, message: 'ECONNRESET' },
      { type: 'server:failed', profile: 'gunicorn-sync', error: 'exited with code 1\nTraceback…' },
      { type: 'log', level: 'warn', message: 'the machine is busy' },
      { type: 'log', level: 'info', message: 'all good' },
    ]);
    assert.deepEqual(state.messages, ['waitress-like/io@10: ECONNRESET', 'gunicorn-sync: exited with code 1', 'the machine is busy']);
  });

  it('keeps only the five newest messages', () => {
    const events: BenchEvent[] = Array.from({ length: 8 }, (_, i) => ({ type: 'log', level: 'error', message: `m${i}` }));
    assert.deepEqual(reduceEvents(events).messages, ['m3', 'm4', 'm5', 'm6', 'm7']);
  });

  it('does not change the state it was given', () => {
    const before = structuredClone(INITIAL_RUN_STATE);
    reduceRunState(INITIAL_RUN_STATE, { type: 'log', level: 'error', message: 'boom' });
    assert.deepEqual(INITIAL_RUN_STATE, before);
  });
});
