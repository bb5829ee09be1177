import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import type { BenchEvent } from '../../harness/core/events.js';
import { LiveView } from '../../harness/ui/LiveView.js';
import type { RunState } from '../../harness/ui/run-state.js';
import { cellSpec, completedCell } from '../fixtures/fake-report.js';
import { fakeSample, reduceEvents } from '../fixtures/fake-events.js';

const CELL = cellSpec('waitress-like', 'io', 50);
const FLASK_IO_10 = completedCell('flask-dev', 'io', 10, { rps: 80, p99Ms: 250 });
const FLASK_IO_50 = completedCell('flask-dev', 'io', 50, { rps: 90, p99Ms: 900 });

/** Two flask-dev cells done, then halfway through waitress-like io@50: the third of four cells. */
const MEASURING: readonly BenchEvent[] = [
  { type: 'run:start', runId: 'r1', runDir: '/runs/r1', totalCells: 4, profiles: ['flask-dev', 'waitress-like'] },
  { type: 'server:starting', profile: 'flask-dev' },
  { type: 'cell:done', cell: FLASK_IO_10, result: FLASK_IO_10, index: 1, total: 4 },
  { type: 'cell:done', cell: FLASK_IO_50, result: FLASK_IO_50, index: 2, total: 4 },
  { type: 'server:stopped', profile: 'flask-dev' },
  { type: 'server:starting', profile: 'waitress-like' },
  { type: 'server:ready', profile: 'waitress-like', port: 8123, startupMs: 300, commandLine: 'python -m waitress' },
  { type: 'cell:start', cell: CELL, index: 2, total: 4 },
  { type: 'cell:warmup', cell: CELL, warmupSec: 2 },
  { type: 'load:tick', cell: CELL, sample: fakeSample({ elapsedSec: 5, durationSec: 10, rps: 1234, rssBytes: 48 * 1024 * 1024, cpuPercent: 35 }) },
];
const WARMING_UP = MEASURING.slice(0, -1);

/** The last frame with runs of whitespace made single, so line wrapping does not matter. */
const frameOf = (state: RunState): string => {
  const frame = render(<LiveView state={state} />).lastFrame();
  assert.ok(frame !== undefined, 'nothing was rendered');
  return frame.replace(/\s+/g, ' ');
};

describe('LiveView', () => {
  afterEach(cleanup);

  it('shows the profile, scenario and connections of the cell being measured', () => {
    const frame = frameOf(reduceEvents(MEASURING));
    assert.match(frame, /waitress-like · io · 50 connections/);
    assert.match(frame, /\(measuring\)/);
  });

  it('shows the live req/s and the server\'s memory and CPU', () => {
    const frame = frameOf(reduceEvents(MEASURING));
    assert.match(frame, /1234 req\/s/);
    assert.match(frame, /server 48\.0 MiB RSS, 35% CPU/);
  });

  it('shows how far the run and the cell have gone', () => {
    const frame = frameOf(reduceEvents(MEASURING));
    assert.match(frame, /2\/4 cells/);
    assert.match(frame, /cell [█░]+ 50%/);
    assert.match(frame, /run [█░]+ 63%/);
  });

  it('waits for the first second of load during the warm-up', () => {
    const frame = frameOf(reduceEvents(WARMING_UP));
    assert.match(frame, /\(warming up\)/);
    assert.match(frame, /waiting for the first second of load/);
  });

  it('shows the repeat, the generator measuring it, and the generator’s own CPU', () => {
    const isolation = { method: 'waited', waitedMs: 300, reason: null } as const;
    const byWrk = frameOf(reduceEvents([...WARMING_UP, { type: 'cell:repeat', cell: CELL, repeat: 2, repeats: 3, generator: 'wrk', isolation }]));
    assert.match(byWrk, /io · 50 connections · repeat 2\/3 \(wrk\)/);
    assert.match(byWrk, /wrk is measuring this repeat; its figures come when it ends/);
    const byAutocannon = frameOf(reduceEvents([...WARMING_UP, { type: 'cell:repeat', cell: CELL, repeat: 1, repeats: 3, generator: 'autocannon', isolation }, MEASURING.at(-1)!]));
    assert.match(byAutocannon, /repeat 1\/3 /);
    assert.match(byAutocannon, /generator 22% CPU/);
  });

  it('marks a finished cell the generator set the pace of', () => {
    const bound = { ...FLASK_IO_10, id: 'flask-dev/health@1', generatorBound: true, generatorBoundReason: 'autocannon used 90% of a core' };
    const frame = frameOf(reduceEvents([...MEASURING, { type: 'cell:done', cell: bound, result: bound, index: 3, total: 4 }]));
    assert.match(frame, /flask-dev\/health@1 80\.0 req\/s p99 250 ms \[generator-bound\]/);
  });

  it('shows an error message after a load:error event', () => {
    const frame = frameOf(reduceEvents([...MEASURING, { type: 'load:error', cell: CELL, message: 'connect ECONNREFUSED 127.0.0.1:8123' }]));
    assert.match(frame, /! waitress-like\/io@50: connect ECONNREFUSED 127\.0\.0\.1:8123/);
  });

  it('lists the cells already measured with their req/s and p99', () => {
    const frame = frameOf(reduceEvents(MEASURING));
    assert.match(frame, /flask-dev\/io@10 80\.0 req\/s p99 250 ms/);
    assert.match(frame, /flask-dev\/io@50 90\.0 req\/s p99 900 ms/);
  });

  // Bug (harness/ui/run-state.ts, cell:done): the finished cell's sample and 'measuring' phase are kept, so
  // LiveView counts that cell twice (doneCells + cellFraction) until the next cell starts or the server stops.
  it('counts a finished cell once in the run bar (75% after 3 of 4 cells, not 100%)', () => {
    const done = completedCell('waitress-like', 'io', 50);
    const frame = frameOf(reduceEvents([
      ...MEASURING,
      { type: 'load:tick', cell: CELL, sample: fakeSample({ elapsedSec: 10, durationSec: 10 }) },
      { type: 'cell:done', cell: CELL, result: done, index: 3, total: 4 },
    ]));
    assert.match(frame, /3\/4 cells/);
    assert.match(frame, /run [█░]+ 75%/);
  });
});
