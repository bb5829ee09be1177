// `bench gate` on real servers: a gate that physics says must fail fails with exit 99 (with the table, the step
// summary and JUnit written); a report compared with itself passes every baseline gate; a regression made on purpose
// (waitress-like with 2 threads instead of 4, through BENCH_PROFILES_DIR) is caught by a baseline gate. Nothing is
// left running.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { GateOutcome } from '../../harness/core/gate-eval.js';
import { describeProcesses, makeTempDir, newMarker, REPO_ROOT, startBench, waitForNoProcesses } from '../support/bench-cli.js';

const gateJson = async (args: readonly string[], marker: string, env: Readonly<Record<string, string>> = {}) => {
  const result = await startBench(['gate', ...args, '--json'], marker, env);
  const stdout = String(result.stdout);
  assert.ok(stdout.trim().startsWith('{'), `bench gate ${args.join(' ')} exited ${result.exitCode} without JSON:\n${String(result.stderr).slice(-3000)}`);
  return { outcome: JSON.parse(stdout) as GateOutcome & { runDir: string | null }, exitCode: result.exitCode, stderr: String(result.stderr) };
};

describe('bench gate', () => {
  it('fails a gate physics breaks (exit 99), passes a report against itself, and catches a real regression', { timeout: 300_000 }, async () => {
    const marker = newMarker();
    const out = makeTempDir('gate');
    const summary = path.join(out, 'step-summary.md');
    const junit = path.join(out, 'junit.xml');

    // 1. A fresh run of what the gates name. A 100 ms handler cannot answer in under 90 ms: that gate must fail.
    const fresh = await gateJson(
      ['--quick', '--out', out, '--junit', junit, '-e', 'waitress-like/io@10 rps >= 20', '-e', 'waitress-like/io@10 p50 < 90ms', '-e', 'waitress-like/*@* errors == 0', '-e', 'claim waitress.four-at-once != inconclusive'],
      marker,
      { GITHUB_STEP_SUMMARY: summary },
    );
    assert.equal(fresh.exitCode, 99, fresh.stderr.slice(-2000));
    const verdicts = Object.fromEntries(fresh.outcome.gates.map((gate) => [gate.line, gate.verdict]));
    assert.equal(verdicts['waitress-like/io@10 p50 < 90ms'], 'fail');
    assert.equal(verdicts['waitress-like/io@10 rps >= 20'], 'pass', JSON.stringify(fresh.outcome.gates[0]));
    assert.equal(verdicts['waitress-like/*@* errors == 0'], 'pass');
    const slow = fresh.outcome.gates[1]!.checks[0]!;
    assert.ok(slow.value! >= 99 && slow.interval![0] >= 90, `p50 ${slow.value} ms, interval ${String(slow.interval)}`);
    const claim = fresh.outcome.gates[3]!.checks[0]!;
    assert.ok(['confirmed', 'refuted'].includes(claim.claimVerdict ?? ''), `the claim was judged from the same cell: ${claim.reason}`);
    assert.match(readFileSync(summary, 'utf8'), /## bench gate[\s\S]*\| FAIL \|/);
    assert.match(readFileSync(junit, 'utf8'), /<testsuites name="bench gate" tests="4" failures="1"/);
    const runDir = fresh.outcome.runDir!;
    assert.ok(existsSync(path.join(runDir, 'gates.md')) && existsSync(path.join(runDir, 'report.json')));

    // 2. The same report as its own baseline: every baseline gate passes.
    const itself = await gateJson(['--report', runDir, '--baseline', runDir, '-e', '*/*@* rps >= 0.9x baseline', '-e', '*/*@* p99 <= 1.1x baseline', '-e', '*/*@* errors <= 1x baseline'], marker);
    assert.equal(itself.exitCode, 0, itself.stderr);
    assert.deepEqual(itself.outcome.tally, { pass: 3, fail: 0, inconclusive: 0, skipped: 0 });

    // 3. The same app with half the threads: 2 threads on 100 ms requests cannot pass 20 req/s, the baseline's 4
    // did about 39. The baseline gate catches it.
    const profiles = path.join(out, 'profiles');
    cpSync(path.join(REPO_ROOT, 'profiles'), profiles, { recursive: true });
    const file = path.join(profiles, 'waitress-like.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/threads: 4/, 'threads: 2'));
    const slower = await gateJson(['--quick', '--out', out, '--baseline', runDir, '-e', 'waitress-like/io@10 rps >= 0.9x baseline'], marker, { BENCH_PROFILES_DIR: profiles });
    assert.equal(slower.exitCode, 99, slower.stderr.slice(-2000));
    const caught = slower.outcome.gates[0]!.checks[0]!;
    assert.equal(caught.verdict, 'fail', caught.reason);
    assert.ok(caught.value! < 0.7 && caught.interval![1] < 0.9, `ratio ${caught.value}, interval ${String(caught.interval)}`);

    const left = await waitForNoProcesses(marker, 5000);
    assert.deepEqual(left, [], describeProcesses(left));
  });
});
