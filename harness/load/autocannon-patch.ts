// Whether the autocannon bench loads carries bench's patch to it (patches/autocannon+<version>.patch, applied by
// patch-package on `npm ci`). Its figures rest on it (README, Accuracy, items 1, 21, 23 and 28): an autocannon
// without it, or with an older version of it, measures and reports without a word, wrongly. A node_modules installed
// before the patch last changed keeps the old one (patch-package then fails to apply the new one over it, and
// `npm ci` is what puts it right): on 2026-12-07 a sweep of 210 cells ran so, without item 28.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

/** The lines a patch adds, file by file (its paths relative to node_modules' parent), blank lines left out. */
export const addedLines = (patch: string): ReadonlyMap<string, readonly string[]> => {
  const files = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of patch.split('\n')) {
    const header = /^\+\+\+ b\/(.+)$/.exec(line);
    if (header) {
      current = [];
      files.set(header[1]!, current);
    } else if (current && line.startsWith('+') && line.slice(1).trim() !== '') {
      current.push(line.slice(1));
    }
  }
  return files;
};

/** The files the patch changes whose installed text lacks some line it adds, each with the first line missing. */
export interface MissingPatch {
  readonly file: string;
  /** The first line the patch adds that the file lacks; null where the file is not there at all. */
  readonly line: string | null;
}

export const missingFromInstalled = (patch: string, readInstalled: (file: string) => string | null): readonly MissingPatch[] =>
  [...addedLines(patch)].flatMap(([file, lines]): MissingPatch[] => {
    const text = readInstalled(file);
    if (text === null) return [{ file, line: null }];
    const present = new Set(text.split('\n'));
    const missing = lines.find((line) => !present.has(line));
    return missing === undefined ? [] : [{ file, line: missing }];
  });

/** Why the autocannon bench loads lacks its patch, in one line; null where every line the patch adds is there. */
export const autocannonPatchProblem = (root: string = PACKAGE_ROOT): string | null => {
  const require = createRequire(path.join(root, 'package.json'));
  let packageDir: string;
  let version: string;
  try {
    packageDir = path.dirname(require.resolve('autocannon/package.json'));
    ({ version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string });
  } catch {
    return 'autocannon is not installed: run `npm ci`';
  }
  const patchFile = path.join(root, 'patches', `autocannon+${version}.patch`);
  if (!existsSync(patchFile)) return `autocannon ${version} is installed, and bench's patch is for another version (no ${path.relative(root, patchFile)}): run \`npm ci\``;
  // The patch names its files from the directory holding node_modules.
  const installRoot = path.dirname(path.dirname(packageDir));
  const missing = missingFromInstalled(readFileSync(patchFile, 'utf8'), (file) => {
    const installed = path.join(installRoot, file);
    return existsSync(installed) ? readFileSync(installed, 'utf8') : null;
  });
  if (missing.length === 0) return null;
  const first = missing[0]!;
  return `the autocannon in ${path.relative(root, packageDir) || packageDir} lacks bench's patch (${path.relative(root, patchFile)}): ${first.file} ${first.line === null ? 'is missing' : `has no line "${first.line.trim()}"`}; its figures would be wrong: run \`npm ci\` (a node_modules patched before the patch last changed keeps the old one)`;
};
