// Bad input gets one line naming the problem and exit code 2, never a stack trace.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { newMarker, startBench } from '../support/bench-cli.js';

const runBad = async (args: readonly string[]) => {
  const result = await startBench(args, newMarker());
  return { exitCode: result.exitCode, stderr: String(result.stderr).trim(), stdout: String(result.stdout) };
};

const assertUsageError = async (args: readonly string[], ...mentions: readonly string[]) => {
  const { exitCode, stderr } = await runBad(args);
  assert.equal(exitCode, 2, `bench ${args.join(' ')}: ${stderr}`);
  assert.equal(stderr.split('\n').length, 1, `one line expected, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /\n\s+at /);
  for (const mention of mentions) assert.ok(stderr.includes(mention), `"${stderr}" should mention ${mention}`);
};

describe('bench with bad input', () => {
  it('names an unknown profile', () => assertUsageError(['run', '--profile', 'nope'], '"nope"'));
  it('names a bad connection count', () => assertUsageError(['run', '--connections', '10,0'], '--connections', '0'));
  it('names a duration that is not a number', () => assertUsageError(['run', '--duration', 'abc'], '--duration', 'abc'));
  it('names an unknown scenario', () => assertUsageError(['run', '--scenario', 'fast'], '"fast"'));
  it('rejects an unknown option', () => assertUsageError(['run', '--profiel', 'x'], 'profiel'));
  it('rejects an unknown command', () => assertUsageError(['launch'], 'launch'));
  it('names a malformed line of a gates file, with the file and the line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-gates-'));
    const file = path.join(dir, 'gates.yml');
    writeFileSync(file, 'gates:\n  ok: "waitress-like/io@10 rps >= 30"\n  bad: "waitress-like/io@10 p99 < 50 parsecs"\n');
    try {
      await assertUsageError(['gate', '--gates', file], 'gates.yml: line 3, gate "bad"', '"parsecs"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('names an unknown metric in --expect', () => assertUsageError(['gate', '-e', 'waitress-like/io@10 speed > 1'], '"speed" is not a metric'));
  it('names an unknown profile in a gate before running anything', () => assertUsageError(['gate', '-e', 'nosuch/io@10 rps > 1'], 'unknown profile "nosuch"'));
  it('asks for gates when none is given', () => assertUsageError(['gate'], '--gates'));
  it('names a report that is not there', () => assertUsageError(['compare', '/nonexistent/a', '/nonexistent/b'], '/nonexistent/a'));
});

describe('bench help and listing', () => {
  it('shows examples in the help of run', async () => {
    const { exitCode, stdout } = await runBad(['run', '--help']);
    assert.equal(exitCode, 0);
    assert.match(stdout, /Examples:/);
    assert.match(stdout, /--connections/);
  });

  it('says in the help of self where the ceiling is measured, whatever -s and -c say', async () => {
    const { exitCode, stdout } = await runBad(['self', '--help']);
    assert.equal(exitCode, 0);
    assert.match(stdout.replace(/\s+/g, ' '), /health scenario at 10, 50, 100, 200 connections/);
  });

  it('lists every profile with its computed settings as JSON', async () => {
    const { exitCode, stdout } = await runBad(['list', '--json']);
    assert.equal(exitCode, 0);
    const listing = JSON.parse(stdout) as { cores: number; profiles: { name: string; settings: { workers?: number } }[] };
    const uvicornWorkers = listing.profiles.find((p) => p.name === 'gunicorn-uvicorn')?.settings.workers;
    assert.equal(uvicornWorkers, 2 * listing.cores + 1);
  });
});
