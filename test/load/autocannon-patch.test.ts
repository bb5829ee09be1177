import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addedLines, autocannonPatchProblem, missingFromInstalled } from '../../harness/load/autocannon-patch.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';

const PATCH = `diff --git a/node_modules/x/lib/a.js b/node_modules/x/lib/a.js
--- a/node_modules/x/lib/a.js
+++ b/node_modules/x/lib/a.js
@@ -1,3 +1,4 @@
 const a = 1
-old()
+new()
+
+  // bench patch: why
`;

describe("bench's patch to autocannon", () => {
  it('reads the lines a patch adds, file by file, blank ones left out', () => {
    assert.deepEqual([...addedLines(PATCH)], [['node_modules/x/lib/a.js', ['new()', '  // bench patch: why']]]);
  });

  it('finds a file lacking a line the patch adds, or missing altogether', () => {
    assert.deepEqual(missingFromInstalled(PATCH, () => 'const a = 1\nnew()\n  // bench patch: why\n'), []);
    assert.deepEqual(missingFromInstalled(PATCH, () => 'const a = 1\nnew()\n'), [{ file: 'node_modules/x/lib/a.js', line: '  // bench patch: why' }]);
    assert.deepEqual(missingFromInstalled(PATCH, () => null), [{ file: 'node_modules/x/lib/a.js', line: null }]);
  });

  it('is applied to the autocannon bench runs (npm ci applies it)', () => {
    assert.equal(autocannonPatchProblem(), null);
  });

  it('is found missing where node_modules keeps an older version of it, naming the line and `npm ci`', () => {
    // A copy of bench's installed autocannon with the last line the patch adds taken out of each file it changes.
    const root = mkdtempSync(path.join(os.tmpdir(), 'bench-patch-'));
    try {
      const { version } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as { version: string };
      const patchName = `autocannon+${version}.patch`;
      const patch = readFileSync(path.join(PACKAGE_ROOT, 'patches', patchName), 'utf8');
      writeFileSync(path.join(root, 'package.json'), '{"name":"x","type":"module"}');
      mkdirSync(path.join(root, 'patches'));
      writeFileSync(path.join(root, 'patches', patchName), patch);
      cpSync(path.join(PACKAGE_ROOT, 'node_modules', 'autocannon'), path.join(root, 'node_modules', 'autocannon'), { recursive: true });
      assert.equal(autocannonPatchProblem(root), null, 'the copy, whole, carries the patch');
      const [file, lines] = [...addedLines(patch)].find(([, added]) => added.some((line) => line.includes('_doRequestAfterReads')))!;
      const target = path.join(root, file);
      const gone = lines.find((line) => line.includes('this._doRequestAfterReads()'))!;
      writeFileSync(target, readFileSync(target, 'utf8').split('\n').filter((line) => line !== gone).join('\n'));
      const problem = autocannonPatchProblem(root);
      assert.ok(problem !== null);
      assert.match(problem, /lacks bench's patch \(patches\/autocannon\+[\d.]+\.patch\): node_modules\/autocannon\/lib\/httpClient\.js has no line "this\._doRequestAfterReads\(\)"; .*run `npm ci`/);
      rmSync(path.join(root, 'node_modules'), { recursive: true });
      assert.match(autocannonPatchProblem(root) ?? '', /^autocannon is not installed: run `npm ci`$/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
