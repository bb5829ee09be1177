// `bench claims` on real servers: a claim physics refutes, concurrent users on the realistic mix, and the JSON the
// issue specifies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ClaimRow } from '../../harness/core/claims-report.js';
import type { Report } from '../../harness/core/report.js';
import { describeProcesses, makeTempDir, newMarker, startBench, waitForNoProcesses } from '../support/bench-cli.js';

describe('bench claims --quick on three claims of document 000', () => {
  const marker = newMarker();
  const out = makeTempDir('claims');
  let claims: ClaimRow[];
  let exitCode: number | undefined;

  before(async () => {
    const result = await startBench(['claims', '--claim', 'waitress.colleagues-3x', '--claim', 'waitress.four-at-once', '--claim', 'waitress.hundred-users', '--quick', '--json', '--out', out], marker);
    exitCode = result.exitCode;
    assert.equal(exitCode, 0, String(result.stderr).slice(-2000));
    ({ claims } = JSON.parse(String(result.stdout)) as { claims: ClaimRow[] });
  });

  after(async () => {
    const left = await waitForNoProcesses(marker, 5000);
    assert.deepEqual(left, [], `processes left behind:\n${describeProcesses(left)}`);
  });

  it('prints { claims: [ { id, document, claim, claimed, measured, verdict, reason } ] }', () => {
    assert.deepEqual(claims.map((row) => row.id), ['waitress.four-at-once', 'waitress.hundred-users', 'waitress.colleagues-3x']);
    for (const row of claims) {
      for (const key of ['id', 'document', 'claim', 'claimed', 'measured', 'verdict', 'reason'] as const) assert.ok(key in row, `${row.id} has no ${key}`);
      assert.equal(row.document, '000_77497803e6276060.txt');
    }
  });

  it('refutes "ten colleagues finish 3× sooner": 4 threads need 3 rounds of the 1 s analysis, the threaded dev server 1', () => {
    const row = claims.find((claim) => claim.id === 'waitress.colleagues-3x')!;
    assert.equal(row.verdict, 'refuted', row.reason);
    // Makespans: Waitress at least 3 s (10 requests, 4 threads, 1 s each); the dev server at least 1 s.
    assert.ok(row.measured !== null && row.measured < 0.75, `dev ÷ waitress makespan ${row.measured}`);
    assert.match(row.note ?? '', /makespan \d+\.\d+ s on flask-dev, \d+\.\d+ s on waitress-like/);
  });

  it('measures 4 threads on a 100 ms handler at no more than 4 requests at once, and well above 1', () => {
    const row = claims.find((claim) => claim.id === 'waitress.four-at-once')!;
    assert.ok(row.measured !== null && row.measured <= 4 * 1.05 && row.measured >= 3, `${row.measured}: ${row.reason}`);
  });

  it('holds 100 users on the realistic mix and says how many were served, how fast, and what failed', () => {
    const row = claims.find((claim) => claim.id === 'waitress.hundred-users')!;
    assert.deepEqual(row.evidence, ['waitress-like/mix@100']);
    assert.ok(row.measured !== null && row.measured <= 100 && row.measured >= 50, `${row.measured} connections served: ${row.reason}`);
    assert.match(row.note ?? '', /^\d+ of 100 connections served; p50 [\d.]+ ms, p99 [\d.]+ ms; of \d+ requests \d+ errors, \d+ timeouts, \d+ refused \(non-2xx\)$/);
    // 4 threads and 3 requests of 100 ms in every 10: at most 4 ÷ 30 ms = 133 answers/s, whatever the machine.
    const report = JSON.parse(readFileSync(path.join(out, 'latest', 'report.json'), 'utf8')) as Report;
    const mix = report.results.find((result) => result.id === 'waitress-like/mix@100');
    assert.ok(mix && mix.status === 'completed', 'the mix cell is in report.json');
    assert.ok(mix.okRps > 10 && mix.okRps <= (4 * 1000 * 1.05) / 30, `waitress-like/mix@100 at ${mix.okRps} req/s`);
    assert.equal(mix.boundViolated, false, mix.boundReason ?? '');
  });
});

describe('bench claims --quick: a worker killed and a server stopped, on real gunicorn', () => {
  const marker = newMarker();
  const out = makeTempDir('claims-signals');
  let claims: ClaimRow[];
  let report: Report;

  let exitedAt: number;

  before(async () => {
    const result = await startBench(['claims', '--claim', 'gunicorn-sync.worker-crash-recovery', '--claim', 'gunicorn-sync.graceful-sigterm', '--quick', '--json', '--out', out], marker);
    exitedAt = Date.now();
    assert.equal(result.exitCode, 0, String(result.stderr).slice(-2000));
    ({ claims } = JSON.parse(String(result.stdout)) as { claims: ClaimRow[] });
    report = JSON.parse(readFileSync(path.join(out, 'latest', 'report.json'), 'utf8')) as Report;
  });

  it('exits once the run is done, not after the shutdown probe’s 60 s limit', () => {
    // The report is written as the run finishes; a pending timer kept the process alive 60 s after it.
    const lingeredSec = (exitedAt - Date.parse(report.finishedAt)) / 1000;
    assert.ok(lingeredSec < 30, `bench exited ${lingeredSec.toFixed(1)} s after the run finished`);
  });

  after(async () => {
    // The shutdown probe stops the server with SIGTERM and launches it again: nothing of either may be left.
    const left = await waitForNoProcesses(marker, 5000);
    assert.deepEqual(left, [], `processes left behind:\n${describeProcesses(left)}`);
  });

  it('replaces a SIGKILLed sync worker and answers again', () => {
    const row = claims.find((claim) => claim.id === 'gunicorn-sync.worker-crash-recovery')!;
    assert.ok(row.measured !== null && row.measured > 0 && row.measured < 5, `${row.measured}: ${row.reason}`);
    assert.match(row.note ?? '', /request\(s\) failed around the crash/);
  });

  it('answers the request in flight at SIGTERM, and the server exits only after it', () => {
    const row = claims.find((claim) => claim.id === 'gunicorn-sync.graceful-sigterm')!;
    assert.equal(row.measured, 1, row.reason);
    assert.equal(row.verdict, 'confirmed');
    // The 2 s request was sent 0.5 s before the signal: a graceful server cannot be gone sooner than 1.5 s after it.
    const shutdown = report.probes!.find((probe) => probe.kind === 'shutdown')!;
    const exitedAfterSec = shutdown.details['exitedAfterSec'] as number;
    assert.ok(exitedAfterSec >= 1.4 && exitedAfterSec < 30, `exited ${exitedAfterSec} s after SIGTERM`);
  });
});
