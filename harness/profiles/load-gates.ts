// Reading gates: a YAML file of named gates (`gates: { name: "<gate>" }`) and the lines given with --expect. Every
// error is one line naming the file, the line and what is wrong in it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { GateSyntaxError, parseGateExpression, type Gate } from '../core/gate-grammar.js';

export class GateFileError extends Error {
  override readonly name = 'GateFileError';
}

const parseLine = (name: string, line: string, where: string): Gate => {
  try {
    return { name, line, expression: parseGateExpression(line) };
  } catch (error) {
    if (error instanceof GateSyntaxError) throw new GateFileError(`${where}: "${line}": ${error.message}`);
    throw error;
  }
};

/** Gates from a file such as gates.yml: a map `gates` of names to gate lines. */
export const loadGatesFile = (file: string): Gate[] => {
  const source = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GateFileError(`--gates: cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new GateFileError(`${source}: line ${first.linePos?.[0]?.line ?? '?'}: ${first.message.split('\n')[0]}`);
  }
  const gates = isMap(document.contents) ? document.contents.get('gates', true) : undefined;
  if (!isMap(gates)) throw new GateFileError(`${source}: expected a map "gates:" of gate names to gate lines (see README, Gates)`);
  if (gates.items.length === 0) throw new GateFileError(`${source}: "gates:" lists no gate`);
  return gates.items.map((pair) => {
    const key = isScalar(pair.key) ? pair.key : null;
    const line = key?.range ? lineCounter.linePos(key.range[0]).line : '?';
    const name = key === null ? '' : String(key.value);
    const where = `${source}: line ${line}, gate "${name}"`;
    if (!isScalar(pair.value) || typeof pair.value.value !== 'string') throw new GateFileError(`${where}: expected the gate as one line of text, such as "waitress-like/health@10 p99 < 50ms"`);
    return parseLine(name, pair.value.value, where);
  });
};

/** Gates given on the command line with --expect, named by their position. */
export const parseExpectLines = (lines: readonly string[]): Gate[] => lines.map((line, index) => parseLine(`expect #${index + 1}`, line, `--expect #${index + 1}`));

/** Two gates may not share a name: the reports would not tell them apart. */
export const checkGateNames = (gates: readonly Gate[]): void => {
  const seen = new Set<string>();
  for (const gate of gates) {
    if (seen.has(gate.name)) throw new GateFileError(`two gates are named "${gate.name}"`);
    seen.add(gate.name);
  }
};
