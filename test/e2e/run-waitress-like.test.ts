// `bench run --profile waitress-like` on the real Flask dev server and Waitress, checked against physics.
import assert from 'node:assert/strict';
import { existsSync, readlinkSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../harness/core/report.js';
import { isCompleted, type CompletedCell } from '../../harness/core/results.js';
import { describeProcesses, makeTempDir, newMarker, runBenchJson, waitForNoProcesses } from '../support/bench-cli.js';

const cell = (report: Report, id: string): CompletedCell => {
  const found = report.results.find((result) => result.id === id);
  assert.ok(found, `no cell ${id}`);
  assert.ok(isCompleted(found), `cell ${id} failed: ${JSON.stringify(found)}`);
  return found;
};

describe('bench run --profile waitress-like', () => {
  const marker = newMarker();
  const out = makeTempDir('waitress');
  let report: Report;

  before(async () => {
    ({ report } = await runBenchJson(['run', '--profile', 'waitress-like', '--scenario', 'io', '--scenario', 'health', '--connections', '10', '--duration', '2', '--repeat', '2', '--out', out], marker));
  });

  after(async () => {
    const left = await waitForNoProcesses(marker, 5000);
    assert.deepEqual(left, [], `processes left behind:\n${describeProcesses(left)}`);
  });

  it('measures waitress-like beside its dev-mode counterpart flask-dev', () => {
    assert.deepEqual(report.profiles.map((p) => p.name), ['flask-dev', 'waitress-like']);
    assert.equal(report.status, 'completed');
    assert.deepEqual(report.results.map((r) => r.id).sort(), ['flask-dev/health@10', 'flask-dev/io@10', 'waitress-like/health@10', 'waitress-like/io@10']);
  });

  it("judges the documents' claims its cells cover, and only those", () => {
    const ids = (report.claims ?? []).map((row) => row.id);
    for (const id of ['waitress.four-at-once', 'waitress.dev-single-threaded', 'waitress.not-slower', 'gunicorn-sync.dev-rps']) assert.ok(ids.includes(id), `claim ${id} not judged: ${ids.join(', ')}`);
    assert.ok(!ids.includes('eventlet.thousand-rps'), 'a claim on a profile the run did not measure was judged');
    const four = report.claims!.find((row) => row.id === 'waitress.four-at-once')!;
    // 4 threads on a 100 ms handler: at most 4 requests in it at once, whatever the machine.
    assert.ok(four.measured !== null && four.measured <= 4 * 1.05, `waitress-like concurrency ${four.measured}`);
    assert.deepEqual(four.evidence, ['waitress-like/io@10']);
  });

  it('never reports an /io?ms=100 answer faster than 100 ms', () => {
    for (const id of ['flask-dev/io@10', 'waitress-like/io@10']) {
      assert.ok(cell(report, id).latencyMs.min >= 99, `${id} min latency ${cell(report, id).latencyMs.min} ms`);
    }
  });

  it('keeps 4 Waitress threads on a 100 ms handler under 40 requests/s', () => {
    const io = cell(report, 'waitress-like/io@10');
    assert.ok(io.rps <= 40 * 1.05, `waitress-like io@10 did ${io.rps} req/s`);
    assert.ok(io.rps > 0 && io.errors === 0 && io.non2xx === 0);
  });

  it('reports latency consistent with throughput (Little\'s law: connections = rps × mean latency)', () => {
    // A latency timed from the wrong moment (a request queued on a socket the server closed) breaks this.
    for (const id of ['flask-dev/io@10', 'waitress-like/io@10']) {
      const { rps, latencyMs, connections } = cell(report, id);
      const inFlight = (rps * latencyMs.mean) / 1000;
      assert.ok(Math.abs(inFlight - connections) / connections < 0.25, `${id}: ${rps.toFixed(1)} req/s × ${latencyMs.mean.toFixed(1)} ms = ${inFlight.toFixed(2)} in flight, not ${connections}`);
    }
  });

  it('repeats each cell from a quiet server and gives its interval, bound and generator CPU', () => {
    for (const result of report.results) {
      assert.ok(isCompleted(result), result.id);
      assert.equal(result.repeats.length, 2, result.id);
      assert.ok(result.stats.rps.ci !== null, `${result.id} has no interval`);
      for (const repeat of result.repeats) assert.ok(['waited', 'restarted'].includes(repeat.isolation.method), `${result.id}: ${JSON.stringify(repeat.isolation)}`);
      assert.ok(result.generator.cpuPercent > 0, `${result.id}: generator CPU ${result.generator.cpuPercent}`);
      // Each core of the machine timed over each repeat's load: a speed in (0, 1] for every core it could time (see
      // core/host-speed.ts; a core too busy to give the probe 3 turns in the repeat is unknown).
      for (const repeat of result.repeats) {
        assert.equal(repeat.hostSpeed?.length, os.cpus().length, `${result.id}: ${JSON.stringify(repeat.hostSpeed)}`);
        assert.ok(repeat.hostSpeed.some((speed) => speed !== null), `${result.id}: no core timed`);
        for (const speed of repeat.hostSpeed) assert.ok(speed === null || (speed > 0 && speed <= 1), `${result.id}: core speed ${speed}`);
      }
    }
    const io = cell(report, 'waitress-like/io@10');
    assert.equal(io.bound.maxRps, 40);
    assert.equal(io.boundViolated, false, io.boundReason ?? '');
    assert.equal(cell(report, 'flask-dev/io@10').bound.maxRps, 100);
  });

  it('records the computed settings, command lines, and server memory and CPU', () => {
    const waitress = report.profiles.find((p) => p.name === 'waitress-like')!;
    assert.deepEqual(waitress.settings, { threads: 4, connectionLimit: 100, channelTimeout: 60 });
    assert.match(waitress.commandLine ?? '', /-m waitress --listen=127\.0\.0\.1:\d+ --threads=4 --connection-limit=100 --channel-timeout=60 flask_app:app/);
    assert.ok((waitress.startupMs ?? 0) > 0);
    const health = cell(report, 'waitress-like/health@10');
    assert.ok(health.rssBytes > 5 * 1024 * 1024, `rss ${health.rssBytes}`);
    assert.ok(health.cpuPercent > 0, `cpu ${health.cpuPercent}`);
  });

  it('writes report.json, report.md and the latest link in the output directory', () => {
    const runDir = path.join(out, report.runId);
    const saved = JSON.parse(readFileSync(path.join(runDir, 'report.json'), 'utf8')) as Report;
    assert.equal(saved.runId, report.runId);
    assert.equal(saved.schemaVersion, 1);
    for (const key of ['profile', 'scenario', 'connections', 'rps', 'latencyMs', 'errors', 'timeouts', 'non2xx', 'rssBytes', 'cpuPercent']) {
      assert.ok(key in saved.results[0]!, `results[0] has no ${key}`);
    }
    const markdown = readFileSync(path.join(runDir, 'report.md'), 'utf8');
    assert.match(markdown, /waitress-like vs flask-dev/);
    assert.equal(readlinkSync(path.join(out, 'latest')), report.runId);
    assert.ok(existsSync(path.join(runDir, 'logs', 'waitress-like.log')));
  });
});
