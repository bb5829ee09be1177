// The manifest's core count is the machine's, whatever CPUs bench itself may run on: --pin moves bench to one
// core before the environment is recorded, and the report of a pinned run said `cores: 1` on a 2-core machine.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const machineCores = (): number => readFileSync('/proc/stat', 'utf8').split('\n').filter((line) => /^cpu\d+ /.test(line)).length;
const ENVIRONMENT = fileURLToPath(new URL('../../harness/report/environment.js', import.meta.url));

describe('the manifest of a run', () => {
  it('counts the machine’s cores when bench is confined to one of them', { skip: machineCores() < 2 && 'a machine of one core' }, async () => {
    const script = `const { collectEnvironment } = await import(${JSON.stringify(ENVIRONMENT)}); const env = await collectEnvironment({ python: { path: 'python3', version: null }, versions: {}, missing: [] }); console.log(env.cores);`;
    const result = await execa('taskset', ['-c', '0', process.execPath, '--input-type=module', '-e', script]);
    assert.equal(Number(result.stdout.trim()), machineCores());
  });
});
