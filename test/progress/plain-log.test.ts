import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BenchEvent } from '../../harness/core/events.js';
import { createPlainLog, formatEventLine } from '../../harness/progress/plain-log.js';
import { cellSpec, completedCell, failedCell } from '../fixtures/fake-report.js';
import { fakeSample } from '../fixtures/fake-events.js';
import { measuredCell, repeatsAt } from '../fixtures/fake-repeats.js';
import { crossCheckCell } from '../../harness/core/agreement.js';

const CELL = cellSpec('waitress-like', 'io', 10);

const MEANINGFUL: readonly BenchEvent[] = [
  { type: 'run:start', runId: 'r1', runDir: '/runs/r1', totalCells: 4, profiles: ['flask-dev', 'waitress-like'] },
  { type: 'log', level: 'warn', message: 'the machine is busy' },
  { type: 'server:starting', profile: 'waitress-like' },
  { type: 'server:ready', profile: 'waitress-like', port: 8123, startupMs: 412, commandLine: 'python -m waitress --threads=4 flask_app:app' },
  { type: 'server:failed', profile: 'waitress-like', error: 'port in use' },
  { type: 'cell:start', cell: CELL, index: 2, total: 4 },
  { type: 'load:error', cell: CELL, message: 'ECONNRESET' },
  { type: 'cell:done', cell: CELL, result: completedCell('waitress-like', 'io', 10, { rps: 240, p99Ms: 120 }), index: 3, total: 4 },
  { type: 'server:stopped', profile: 'waitress-like' },
  { type: 'run:done', status: 'completed', runDir: '/runs/r1' },
];

const lineFor = (event: BenchEvent): string => {
  const line = formatEventLine(event);
  assert.ok(line !== undefined, `no line for ${event.type}`);
  return line;
};

describe('formatEventLine', () => {
  for (const event of MEANINGFUL) {
    it(`gives one plain line for ${event.type}`, () => {
      const line = lineFor(event);
      assert.ok(line.length > 0);
      assert.ok(!line.includes('\n'), 'more than one line');
      assert.ok(!line.includes('\u001b'), 'escape code');
    });
  }

  it('gives nothing for load:tick, which only the live view shows', () => {
    assert.equal(formatEventLine({ type: 'load:tick', cell: CELL, sample: fakeSample() }), undefined);
  });

  it('says what a probe measured, with its note, or why it could not', () => {
    const reload = { profile: 'gunicorn-eventlet', kind: 'reload', key: 'reload:health@10', value: 0.5978, details: { note: '10 request(s) failed during the reload' } } as const;
    assert.equal(formatEventLine({ type: 'probe:done', result: reload }), 'bench: gunicorn-eventlet: reload: 0.5978; 10 request(s) failed during the reload');
    assert.equal(formatEventLine({ type: 'probe:done', result: { ...reload, value: null, error: 'the workers were not all replaced within 7 s', details: {} } }), 'bench: gunicorn-eventlet: reload: not measured (the workers were not all replaced within 7 s)');
  });

  it('gives nothing for the warm-up', () => {
    assert.equal(formatEventLine({ type: 'cell:warmup', cell: CELL, warmupSec: 2 }), undefined);
  });

  it('announces the run with its cells and profiles', () => {
    assert.equal(lineFor(MEANINGFUL[0]!), 'bench: run r1: 4 cells over flask-dev, waitress-like');
  });

  it('shows the command line of a server once it is ready', () => {
    assert.equal(lineFor(MEANINGFUL[3]!), '[waitress-like] ready on port 8123 after 412 ms: python -m waitress --threads=4 flask_app:app');
  });

  it('numbers a cell from 1 when it starts and when it is done', () => {
    assert.equal(lineFor({ type: 'cell:start', cell: CELL, index: 0, total: 4 }), '[1/4] waitress-like/io@10: measuring');
    assert.match(lineFor({ type: 'cell:done', cell: CELL, result: completedCell('waitress-like', 'io', 10), index: 1, total: 4 }), /^\[1\/4\] waitress-like\/io@10: /);
  });

  it('gives the figures of a finished cell', () => {
    assert.equal(lineFor(MEANINGFUL[7]!), '[3/4] waitress-like/io@10: 240 ±2% req/s, p50 30.0 ms, p99 120 ms, failures none, server 48.0 MiB RSS');
  });

  it('says where the generators agree at the same speed of the machine, and marks a cell the host slowed', () => {
    const cellOf = (name: string, runs: readonly (readonly [number, number, number, number])[]) =>
      measuredCell('gunicorn-sync', 'upload', 10, runs.map(([rps, p50, p99, core1]) => ({ ...repeatsAt([rps], { durationSec: 2, latencyMs: { mean: p50, p50, p99 } })[0]!, generator: { name, cpuPercent: 40 }, hostSpeed: [0.92, core1] })));
    const mine = cellOf('autocannon', [[903, 10.5, 15.2, 0.91], [571, 17.1, 22.2, 0.55], [905, 10.6, 14.5, 0.9]]);
    const wrk = cellOf('wrk', [[559, 17.9, 20.5, 0.53], [595, 16.8, 18.1, 0.56], [920, 10.7, 11.9, 0.9], [925, 10.7, 12.6, 0.91]]);
    const result = { ...mine, crossCheck: crossCheckCell(mine, wrk) };
    assert.match(
      lineFor({ type: 'cell:done', cell: result, result, index: 1, total: 1 }),
      /\[noisy, host-slowed\]; wrk 758 req\/s, p99 15\.4 ms: agree at the same speed \(p99 14\.8 ms vs 12\.3 ms on the repeats where the host ran the cores alike: every core at full speed\)$/,
    );
  });

  it('says of a generator-bound cell whether its figures were within the tolerance all the same', () => {
    const cellAt = (name: string, rps: number, cpuPercent: number) =>
      measuredCell('flask-dev-single', 'health', 1000, repeatsAt([rps, rps, rps]).map((r) => ({ ...r, generator: { name, cpuPercent } })));
    const line = (autocannonRps: number): string => {
      const mine = cellAt('autocannon', autocannonRps, 97);
      const result = { ...mine, crossCheck: crossCheckCell(mine, cellAt('wrk', 9200, 12)) };
      return lineFor({ type: 'cell:done', cell: result, result, index: 0, total: 1 });
    };
    assert.match(line(9000), /: excluded, generator-bound \(within the tolerance all the same\)$/);
    assert.match(line(6000), /: excluded, generator-bound$/);
  });

  it('keeps only the first line of a failed cell\'s error', () => {
    const result = failedCell('waitress-like', 'io', 10, 'server exited\nTraceback…');
    assert.equal(lineFor({ type: 'cell:done', cell: CELL, result, index: 3, total: 4 }), '[3/4] waitress-like/io@10: failed: server exited');
  });

  it('marks warnings but not information', () => {
    assert.equal(lineFor({ type: 'log', level: 'warn', message: 'busy' }), 'bench: warn: busy');
    assert.equal(lineFor({ type: 'log', level: 'info', message: 'hello' }), 'bench: hello');
  });
});

describe('createPlainLog', () => {
  it('writes one newline-terminated line per meaningful event and nothing for ticks', () => {
    const written: string[] = [];
    const log = createPlainLog((line) => written.push(line));
    log(MEANINGFUL[2]!);
    log({ type: 'load:tick', cell: CELL, sample: fakeSample() });
    log(MEANINGFUL[8]!);
    assert.deepEqual(written, ['[waitress-like] starting the server\n', '[waitress-like] stopped\n']);
  });
});
