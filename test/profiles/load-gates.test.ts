// Reading a gates file: named gates in order; a malformed file gets one line naming the file, the line and the gate.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkGateNames, GateFileError, loadGatesFile, parseExpectLines } from '../../harness/profiles/load-gates.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const file = (text: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-gates-'));
  made.push(dir);
  const where = path.join(dir, 'gates.yml');
  writeFileSync(where, text);
  return where;
};

const rejects = (text: string, pattern: RegExp): void => {
  assert.throws(() => loadGatesFile(file(text)), (error: unknown) => error instanceof GateFileError && pattern.test(error.message) && !error.message.includes('\n'));
};

describe('loadGatesFile', () => {
  it('reads the repository\'s gates.yml', () => {
    const gates = loadGatesFile(path.join(PACKAGE_ROOT, 'gates.yml'));
    assert.ok(gates.length >= 5);
    assert.ok(gates.some((gate) => gate.expression.kind === 'claim'));
    assert.ok(gates.some((gate) => gate.expression.kind === 'metric' && gate.expression.bound.kind === 'baseline'));
  });

  it('names the line and the gate of a malformed one', () => {
    rejects('gates:\n  fast: "waitress-like/health@10 p99 < 50ms"\n  broken: "waitress-like/health@10 p99 < 50 parsecs"\n', /gates\.yml: line 3, gate "broken": .*unexpected "parsecs"/);
  });

  it('names what is wrong with the file itself', () => {
    rejects('gates: [a, b]\n', /expected a map "gates:"/);
    rejects('gates:\n  a: "x"\n  a: "y"\n', /line 3: Map keys must be unique/);
    rejects('gates:\n  a: { rps: 3 }\n', /line 2, gate "a": expected the gate as one line of text/);
    rejects('gates: {}\n', /lists no gate/);
    assert.throws(() => loadGatesFile('/nonexistent/gates.yml'), /cannot read .*ENOENT/);
  });
});

describe('--expect lines', () => {
  it('are named by position, and a bad one names its position', () => {
    assert.deepEqual(parseExpectLines(['waitress-like/io@10 rps >= 30']).map((gate) => gate.name), ['expect #1']);
    assert.throws(() => parseExpectLines(['waitress-like/io@10 rps >= 30', 'nonsense']), /--expect #2: "nonsense"/);
    assert.throws(() => checkGateNames([...parseExpectLines(['a/b@1 rps > 1']), ...parseExpectLines(['a/b@1 rps > 2'])]), /two gates are named "expect #1"/);
  });
});
