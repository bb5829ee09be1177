// The gate grammar: one line per gate, parsed into a structure the evaluator reads. Pure; every error names what
// is wrong in the line.
//
//   gate     := cells METRIC OP bound | "claim" ID OP VERDICT
//   cells    := PROFILE "/" SCENARIO "@" CONNECTIONS | PROFILE      (each part may be "*"; PROFILE alone = PROFILE/*@*)
//   OP       := "<" | "<=" | ">" | ">=" | "==" | "!="
//   bound    := NUMBER [UNIT]                    absolute: `waitress-like/health@10 p99 < 50ms`
//             | FACTOR "x" cells                 relative: `waitress-like/health@10 rps >= 2x flask-dev/health@10`
//             | FACTOR "x" "baseline"            against the same cell of a baseline report (--baseline)
//
// In a relative bound, a "*" part means "the same as the left cell's" (`waitress-like/*@* rps >= 1x flask-dev/*@*`).

export const GATE_METRICS = ['rps', 'p50', 'p90', 'p99', 'max', 'errors', 'timeouts', 'non2xx', 'rss', 'startup'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

export const GATE_OPERATORS = ['<=', '>=', '==', '!=', '<', '>'] as const;
export type GateOperator = (typeof GATE_OPERATORS)[number];

export const CLAIM_VERDICTS = ['confirmed', 'refuted', 'inconclusive'] as const;
export type ClaimVerdictName = (typeof CLAIM_VERDICTS)[number];

/** A cell pattern: null parts are "*". */
export interface CellPattern {
  readonly profile: string | null;
  readonly scenario: string | null;
  readonly connections: number | null;
}

export type GateBound =
  | { readonly kind: 'absolute'; readonly value: number }
  | { readonly kind: 'relative'; readonly factor: number; readonly cells: CellPattern }
  | { readonly kind: 'baseline'; readonly factor: number };

export type GateExpression =
  | { readonly kind: 'metric'; readonly cells: CellPattern; readonly metric: GateMetric; readonly op: GateOperator; readonly bound: GateBound }
  | { readonly kind: 'claim'; readonly claim: string; readonly op: '==' | '!='; readonly verdict: ClaimVerdictName };

export interface Gate {
  readonly name: string;
  /** The line as written. */
  readonly line: string;
  readonly expression: GateExpression;
}

export class GateSyntaxError extends Error {
  override readonly name = 'GateSyntaxError';
}

/** The unit each metric is compared in: latency and start-up in milliseconds, memory in bytes, the rest as counted. */
export const METRIC_UNITS: Readonly<Record<GateMetric, 'req/s' | 'ms' | 'bytes' | 'count'>> = {
  rps: 'req/s',
  p50: 'ms',
  p90: 'ms',
  p99: 'ms',
  max: 'ms',
  errors: 'count',
  timeouts: 'count',
  non2xx: 'count',
  rss: 'bytes',
  startup: 'ms',
};

const TIME_UNITS: Readonly<Record<string, number>> = { us: 0.001, µs: 0.001, ms: 1, s: 1000 };
const BYTE_UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

const NAME = /^[A-Za-z0-9_.-]+$/;

const parseCells = (text: string): CellPattern => {
  const match = /^([^/@\s]+)(?:\/([^/@\s]+)@([^/@\s]+))?$/.exec(text);
  if (!match) throw new GateSyntaxError(`"${text}" is not a cell: expected profile/scenario@connections (each part may be *), or a profile`);
  const [, profile, scenario, connections] = match as unknown as [string, string, string | undefined, string | undefined];
  const part = (value: string | undefined): string | null => (value === undefined || value === '*' ? null : value);
  for (const [what, value] of [['profile', profile], ['scenario', scenario]] as const) {
    if (value !== undefined && value !== '*' && !NAME.test(value)) throw new GateSyntaxError(`"${value}" is not a ${what} name`);
  }
  let count: number | null = null;
  if (connections !== undefined && connections !== '*') {
    count = Number(connections);
    if (!Number.isInteger(count) || count <= 0) throw new GateSyntaxError(`"${connections}" in "${text}" is not a connection count (a whole number, or *)`);
  }
  return { profile: part(profile), scenario: part(scenario), connections: count };
};

const parseNumber = (text: string, what: string): number => {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value < 0) throw new GateSyntaxError(`"${text}" is not a ${what} (a number, 0 or more)`);
  return value;
};

/** "50ms" → 50 for a latency, "200MiB" → bytes for rss; a bare number is in the metric's own unit (ms for times). */
const parseAbsolute = (text: string, metric: GateMetric): number => {
  const match = /^([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)([A-Za-zµ/]*)$/.exec(text);
  if (!match) throw new GateSyntaxError(`"${text}" is not a bound: expected a number with an optional unit (50ms, 200MiB), a factor such as 2x, or 0.9x baseline`);
  const [, digits, unitText] = match as unknown as [string, string, string];
  const value = parseNumber(digits, 'number');
  const unit = unitText.toLowerCase();
  switch (METRIC_UNITS[metric]) {
    case 'ms': {
      if (unit === '') return value;
      const scale = TIME_UNITS[unit];
      if (scale === undefined) throw new GateSyntaxError(`"${unitText}" is not a unit of time for ${metric} (use us, ms or s)`);
      return value * scale;
    }
    case 'bytes': {
      const scale = BYTE_UNITS[unit];
      if (scale === undefined) throw new GateSyntaxError(`${metric} needs a unit of memory, got "${text}" (use KiB, MiB, GiB, kB, MB, GB or B)`);
      return value * scale;
    }
    case 'req/s':
      if (unit !== '' && unit !== 'rps' && unit !== 'req/s') throw new GateSyntaxError(`"${unitText}" is not a unit for rps (a bare number of requests per second)`);
      return value;
    case 'count':
      if (unit !== '') throw new GateSyntaxError(`${metric} is a count: "${text}" should be a bare number`);
      return value;
  }
};

const parseBound = (tokens: readonly string[], metric: GateMetric): GateBound => {
  const [first, ...rest] = tokens;
  if (first === undefined) throw new GateSyntaxError('the bound is missing after the operator');
  const factor = /^([0-9]*\.?[0-9]+)x$/i.exec(first);
  if (factor) {
    const value = parseNumber(factor[1]!, 'factor');
    if (rest.length !== 1) throw new GateSyntaxError(`after "${first}" expected "baseline" or a cell such as flask-dev/health@10`);
    if (rest[0] === 'baseline') return { kind: 'baseline', factor: value };
    return { kind: 'relative', factor: value, cells: parseCells(rest[0]!) };
  }
  if (rest.length > 0) throw new GateSyntaxError(`unexpected "${rest.join(' ')}" after the bound "${first}"`);
  return { kind: 'absolute', value: parseAbsolute(first, metric) };
};

/** Splits "x<=5" style lines too: the operator may be written without spaces around it. */
const tokenize = (line: string): string[] =>
  line
    .replace(/(<=|>=|==|!=|<|>)/g, ' $1 ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);

export const parseGateExpression = (line: string): GateExpression => {
  const reversed = /=>|=</.exec(line);
  if (reversed) throw new GateSyntaxError(`"${reversed[0]}" is not an operator (expected one of < <= > >= == !=)`);
  const tokens = tokenize(line);
  if (tokens.length === 0) throw new GateSyntaxError('the gate is empty');
  if (tokens[0] === 'claim') {
    const [, claim, op, verdict, ...rest] = tokens;
    if (claim === undefined || !NAME.test(claim)) throw new GateSyntaxError('expected a claim id after "claim" (such as waitress.four-at-once)');
    if (op !== '==' && op !== '!=') throw new GateSyntaxError(`a claim gate compares with == or !=, got ${op === undefined ? 'nothing' : `"${op}"`}`);
    if (verdict === undefined || !(CLAIM_VERDICTS as readonly string[]).includes(verdict)) {
      throw new GateSyntaxError(`"${verdict ?? ''}" is not a verdict (expected ${CLAIM_VERDICTS.join(', ')})`);
    }
    if (rest.length > 0) throw new GateSyntaxError(`unexpected "${rest.join(' ')}" after the verdict`);
    return { kind: 'claim', claim, op, verdict: verdict as ClaimVerdictName };
  }
  const [cellsText, metric, op, ...bound] = tokens as [string, string | undefined, string | undefined, ...string[]];
  const cells = parseCells(cellsText);
  if (metric === undefined || !(GATE_METRICS as readonly string[]).includes(metric)) {
    throw new GateSyntaxError(`${metric === undefined ? 'the metric is missing' : `"${metric}" is not a metric`} (expected one of ${GATE_METRICS.join(', ')})`);
  }
  if (op === undefined || !(GATE_OPERATORS as readonly string[]).includes(op)) {
    throw new GateSyntaxError(`${op === undefined ? 'the operator is missing' : `"${op}" is not an operator`} (expected one of < <= > >= == !=)`);
  }
  return { kind: 'metric', cells, metric: metric as GateMetric, op: op as GateOperator, bound: parseBound(bound, metric as GateMetric) };
};

/** A cell pattern as written: "waitress-like/health@10", "*\/*@*". */
export const formatCells = (cells: CellPattern): string => `${cells.profile ?? '*'}/${cells.scenario ?? '*'}@${cells.connections ?? '*'}`;

export const matchesCell = (pattern: CellPattern, cell: { readonly profile: string; readonly scenario: string; readonly connections: number }): boolean =>
  (pattern.profile === null || pattern.profile === cell.profile) &&
  (pattern.scenario === null || pattern.scenario === cell.scenario) &&
  (pattern.connections === null || pattern.connections === cell.connections);

/** A relative bound's cell for a given left cell: its "*" parts take the left cell's. */
export const resolveAgainst = (pattern: CellPattern, left: { readonly profile: string; readonly scenario: string; readonly connections: number }): { readonly profile: string; readonly scenario: string; readonly connections: number } => ({
  profile: pattern.profile ?? left.profile,
  scenario: pattern.scenario ?? left.scenario,
  connections: pattern.connections ?? left.connections,
});

/** True when the pattern names one cell exactly (no "*"). */
export const isConcrete = (pattern: CellPattern): boolean => pattern.profile !== null && pattern.scenario !== null && pattern.connections !== null;
