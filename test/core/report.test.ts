import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SCHEMA_VERSION } from '../../harness/core/report.js';
import { renderJson } from '../../harness/render/formats.js';
import { completedCell, failedCell, fakeReport } from '../fixtures/fake-report.js';
import { FLASK_DEV, GUNICORN_SYNC_SCALED, resolved } from '../fixtures/fake-profiles.js';

const report = fakeReport({
  profiles: [resolved(FLASK_DEV), resolved(GUNICORN_SYNC_SCALED, 4)],
  results: [
    completedCell('flask-dev', 'io', 10, { rps: 90, p99Ms: 300 }),
    completedCell('gunicorn-sync-scaled', 'io', 10, { rps: 90 * 9, p99Ms: 110, errors: 3, timeouts: 1, non2xx: 2, rssBytes: 300_000_000, cpuPercent: 120 }),
  ],
});

/** The report as a script reading report.json sees it. */
const asScriptSeesIt = (): Record<string, any> => JSON.parse(renderJson(report));

describe('buildReport', () => {
  it('starts with the schema version and the run id', () => {
    const json = asScriptSeesIt();
    assert.equal(json['schemaVersion'], SCHEMA_VERSION);
    assert.equal(json['runId'], '2024-01-01T00-00-00Z');
  });

  it('records the environment the run happened on', () => {
    const json = asScriptSeesIt();
    assert.equal(json['environment'].cores, 2);
    assert.equal(json['environment'].python.version, '3.12.1');
  });

  it('lists each profile with its computed settings, the formulas behind them and its command line', () => {
    const gunicorn = asScriptSeesIt()['profiles'].find((p: { name: string }) => p.name === 'gunicorn-sync-scaled');
    assert.deepEqual(gunicorn.settings, { workers: 9, workerClass: 'sync' });
    assert.deepEqual(gunicorn.formulas, { workers: '(2 * cores) + 1' });
    assert.equal(gunicorn.counterpart, 'flask-dev');
    assert.match(gunicorn.commandLine, /--workers 9/);
  });

  it('writes null, not a missing field, where a dev profile has no counterpart', () => {
    const flask = asScriptSeesIt()['profiles'].find((p: { name: string }) => p.name === 'flask-dev');
    assert.equal(flask.counterpart, null);
    assert.deepEqual(flask.formulas, {});
  });

  it('keeps the result fields scripts read', () => {
    const result = asScriptSeesIt()['results'].find((r: { profile: string }) => r.profile === 'gunicorn-sync-scaled');
    assert.equal(result.profile, 'gunicorn-sync-scaled');
    assert.equal(result.scenario, 'io');
    assert.equal(result.connections, 10);
    assert.equal(result.rps, 810);
    assert.deepEqual(
      { p50: result.latencyMs.p50, p90: result.latencyMs.p90, p99: result.latencyMs.p99, max: result.latencyMs.max },
      { p50: 27.5, p90: 55, p99: 110, max: 220 },
    );
    assert.equal(result.errors, 3);
    assert.equal(result.timeouts, 1);
    assert.equal(result.non2xx, 2);
    assert.equal(result.rssBytes, 300_000_000);
    assert.equal(result.cpuPercent, 120);
  });

  it('includes the comparison of each production cell with its counterpart', () => {
    const [comparison] = report.comparisons;
    assert.equal(report.comparisons.length, 1);
    assert.equal(comparison!.profile, 'gunicorn-sync-scaled');
    assert.equal(comparison!.rps.ratio, 9);
  });

  it('keeps failed cells in the results with their error', () => {
    const failed = fakeReport({ profiles: [resolved(FLASK_DEV)], results: [failedCell('flask-dev', 'io', 10, 'server did not start')], status: 'failed' });
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.results.map((r) => [r.id, r.status]), [['flask-dev/io@10', 'failed']]);
  });

  it('describes the method: load generator, timing and connections', () => {
    assert.equal(report.method.loadGenerator, 'autocannon 8.0.0');
    assert.equal(report.method.durationSec, 10);
    assert.equal(report.method.warmupSec, 2);
    assert.deepEqual(report.method.connections, [10]);
    assert.ok(report.method.notes.length > 0);
  });
});
