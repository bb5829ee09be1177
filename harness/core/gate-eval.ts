// Judging gates against a report (and a baseline report): pure. Each gate expands to one check per cell it
// matches; a check fails when the whole 95% interval of its figure breaks the bound (more than noise), passes when
// the figure itself satisfies it, and is inconclusive when the figure breaks it but its interval reaches back to the
// bound: noise alone never fails a gate.
import type { ClaimRow } from './claims-report.js';
import { whyInconclusive } from './comparison.js';
import {
  formatCells,
  isConcrete,
  matchesCell,
  resolveAgainst,
  METRIC_UNITS,
  type CellPattern,
  type Gate,
  type GateExpression,
  type GateMetric,
  type GateOperator,
} from './gate-grammar.js';
import { cellId } from './plan.js';
import type { Report } from './report.js';
import { isCompleted, type CellResult, type CompletedCell } from './results.js';
import { ratioInterval, summarize, type RatioEstimate } from './statistics.js';

export type GateVerdict = 'pass' | 'fail' | 'inconclusive' | 'skipped';

export interface GateCheck {
  /** The cell (profile/scenario@connections), the profile (startup) or the claim the check reads. */
  readonly subject: string;
  readonly verdict: GateVerdict;
  /** Absolute: the metric's value (the cell's figure: the median over repeats, the peak for rss, the total for
   * counts). Relative and baseline: the ratio of the means. null when nothing was measured. */
  readonly value: number | null;
  /** What value is held against: the absolute bound, or the factor. */
  readonly bound: number | null;
  /** The 95% interval the verdict was decided on (of the mean, or of the ratio); null where the figure is exact. */
  readonly interval: readonly [number, number] | null;
  /** Relative and baseline: the figures on each side (means, or totals). */
  readonly sides?: { readonly measured: number; readonly reference: number; readonly referenceSubject: string };
  /** A claim gate: the claim's verdict. */
  readonly claimVerdict?: string;
  /** What decided the verdict, in words. */
  readonly reason: string;
}

export interface GateResult {
  readonly name: string;
  readonly line: string;
  /** fail if any check fails, else inconclusive if any is, else pass; skipped when every check was skipped. */
  readonly verdict: GateVerdict;
  readonly metric: GateMetric | 'claim';
  readonly unit: string;
  readonly kind: 'absolute' | 'relative' | 'baseline' | 'claim';
  readonly op: GateOperator;
  readonly checks: readonly GateCheck[];
}

/** Bad input found while judging: a gate naming a cell, profile or claim the report does not have. */
export class GateInputError extends Error {
  override readonly name = 'GateInputError';
}

export interface GateContext {
  readonly report: Report;
  readonly baseline?: Report;
}

const satisfies = (value: number, op: GateOperator, bound: number): boolean => {
  switch (op) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '==':
      return value === bound;
    case '!=':
      return value !== bound;
  }
};

/**
 * fail when the whole interval breaks the bound (more than noise); pass when the estimate itself, or the whole
 * interval, satisfies it; inconclusive when the estimate breaks it but the interval reaches back to it (noise could
 * explain it).
 */
export const decide = (estimate: number, interval: readonly [number, number], op: GateOperator, bound: number): 'pass' | 'fail' | 'inconclusive' => {
  const [lo, hi] = interval;
  const breaksEverywhere = op === '==' ? bound < lo || bound > hi : op === '!=' ? lo === bound && hi === bound : !satisfies(lo, op, bound) && !satisfies(hi, op, bound);
  if (breaksEverywhere) return 'fail';
  const holdsEverywhere = op === '==' ? lo === bound && hi === bound : op === '!=' ? bound < lo || bound > hi : satisfies(lo, op, bound) && satisfies(hi, op, bound);
  return holdsEverywhere || satisfies(estimate, op, bound) ? 'pass' : 'inconclusive';
};

const LATENCY_KEYS = { p50: 'p50', p90: 'p90', p99: 'p99', max: 'max' } as const;

/** A cell's figure for a metric and, where it varies between repeats, the repeats' values. */
interface Figure {
  readonly value: number;
  readonly samples: readonly number[] | null;
}

const cellFigure = (cell: CompletedCell, metric: Exclude<GateMetric, 'startup'>): Figure => {
  switch (metric) {
    case 'rps':
      return { value: cell.rps, samples: cell.repeats.map((r) => r.rps) };
    case 'p50':
    case 'p90':
    case 'p99':
    case 'max':
      return { value: cell.latencyMs[LATENCY_KEYS[metric]], samples: cell.repeats.map((r) => r.latencyMs[LATENCY_KEYS[metric]]) };
    case 'rss':
      return { value: cell.rssBytes, samples: cell.repeats.map((r) => r.rssBytes) };
    case 'errors':
    case 'timeouts':
    case 'non2xx':
      return { value: cell[metric], samples: null };
  }
};

const isLatency = (metric: GateMetric): boolean => metric in LATENCY_KEYS;

type Subject = { readonly ok: true; readonly figure: Figure; readonly caveat: string | null } | { readonly ok: false; readonly verdict: GateVerdict; readonly reason: string };

/** The figure a check reads from a cell or profile, or why it cannot be read. */
const readSubject = (report: Report, subject: CellResult | string, metric: GateMetric, side: string): Subject => {
  if (metric === 'startup') {
    const profile = report.profiles.find((p) => p.name === subject);
    if (!profile || profile.startupMs === null) return { ok: false, verdict: 'fail', reason: profile?.error ? `${side}${String(subject)} did not start: ${profile.error}` : `${side}${String(subject)} has no start-up time in the report` };
    return { ok: true, figure: { value: profile.startupMs, samples: null }, caveat: null };
  }
  const cell = subject as CellResult;
  if (!isCompleted(cell)) return { ok: false, verdict: 'fail', reason: `${side}${cell.id} was not measured: ${cell.error.split('\n')[0]}` };
  if (isLatency(metric) && cell.requests - cell.non2xx <= 0) return { ok: false, verdict: 'fail', reason: `${side}${cell.id} got no 2xx answer: no latency to judge` };
  const caveat = cell.boundViolated ? whyInconclusive(cell) : cell.generatorBound && metric !== 'rss' && METRIC_UNITS[metric] !== 'count' ? whyInconclusive(cell) : null;
  return { ok: true, figure: cellFigure(cell, metric), caveat };
};

const exact = (value: number): readonly [number, number] => [value, value];

/** A failing verdict that rests on a flawed measurement becomes inconclusive: noise or the generator, not the server. */
const withCaveat = (verdict: 'pass' | 'fail' | 'inconclusive', reason: string, caveats: readonly (string | null)[], boundBroken: boolean): { verdict: GateVerdict; reason: string } => {
  const caveat = caveats.find((c) => c !== null) ?? null;
  if (caveat === null) return { verdict, reason };
  if (boundBroken || verdict === 'fail') return { verdict: 'inconclusive', reason: `${reason}; but ${caveat}` };
  return { verdict, reason: `${reason} (${caveat})` };
};

const OP_WORDS: Readonly<Record<GateOperator, string>> = { '<': 'below', '<=': 'at most', '>': 'above', '>=': 'at least', '==': 'equal to', '!=': 'not equal to' };

const describeDecision = (verdict: 'pass' | 'fail' | 'inconclusive', what: string, intervalOf: string, wholeInterval: boolean, isExact: boolean, op: GateOperator, bound: string): string => {
  if (isExact) return `${what} is${verdict === 'pass' ? '' : ' not'} ${OP_WORDS[op]} ${bound}`;
  if (verdict === 'fail') return `no part of the 95% interval of ${intervalOf} is ${OP_WORDS[op]} ${bound}: more than noise`;
  if (verdict === 'inconclusive') return `${what} is not ${OP_WORDS[op]} ${bound}, but its 95% interval reaches it: too wide to decide`;
  return wholeInterval
    ? `the whole 95% interval of ${intervalOf} is ${OP_WORDS[op]} ${bound}`
    : `${what} is ${OP_WORDS[op]} ${bound}; its 95% interval reaches past it, so the margin is not significant`;
};

const formatBoundValue = (value: number, metric: GateMetric): string => {
  switch (METRIC_UNITS[metric]) {
    case 'ms':
      return `${+value.toPrecision(4)} ms`;
    case 'bytes':
      return `${+(value / 1024 ** 2).toPrecision(4)} MiB`;
    case 'req/s':
      return `${+value.toPrecision(4)} req/s`;
    case 'count':
      return String(value);
  }
};

const absoluteCheck = (subjectName: string, subject: Subject, metric: GateMetric, op: GateOperator, bound: number, boundBroken: boolean): GateCheck => {
  if (!subject.ok) return { subject: subjectName, verdict: subject.verdict, value: null, bound, interval: null, reason: subject.reason };
  const { figure } = subject;
  const summary = figure.samples && figure.samples.length >= 2 ? summarize(figure.samples) : null;
  const interval = summary?.ci ?? exact(figure.value);
  const verdict = decide(figure.value, interval, op, bound);
  const what = summary ? `the median of ${summary.n} repeats` : figure.samples ? 'the one repeat' : metric;
  const reason = describeDecision(verdict, what, summary ? `the mean over ${summary.n} repeats` : what, interval.every((end) => satisfies(end, op, bound)), summary === null, op, formatBoundValue(bound, metric));
  return { subject: subjectName, value: figure.value, bound, interval: summary?.ci ?? null, ...withCaveat(verdict, reason, [subject.caveat], boundBroken) };
};

const allZero = (samples: readonly number[]): boolean => samples.every((value) => value === 0);

/** A ratio without an interval (one repeat on a side, or a mean of 0): a measured side that is 0 in every repeat
 * against a reference above 0 is exactly 0× (so it can fail); otherwise the ratio passes if it satisfies the bound
 * and is inconclusive if not, since nothing tells its miss from noise. */
const pointCheck = (
  subjectName: string,
  a: Figure,
  b: Figure,
  estimate: RatioEstimate,
  sides: NonNullable<GateCheck['sides']>,
  op: GateOperator,
  factor: number,
  caveats: readonly (string | null)[],
  boundBroken: boolean,
  why: string,
): GateCheck => {
  const base = { subject: subjectName, bound: factor, interval: null, sides } as const;
  if (a.samples !== null && b.samples !== null && allZero(a.samples) && estimate.meanB > 0) {
    const verdict = decide(0, [0, 0], op, factor);
    return { ...base, value: 0, interval: [0, 0], ...withCaveat(verdict, `${subjectName} measured 0 in every repeat: 0× the reference`, caveats, boundBroken) };
  }
  if (estimate.ratio === null) return { ...base, value: null, verdict: 'inconclusive', reason: `${why}; no ratio to judge` };
  const verdict = satisfies(estimate.ratio, op, factor) ? 'pass' : 'inconclusive';
  return { ...base, value: estimate.ratio, ...withCaveat(verdict, `the ratio of the means is${verdict === 'pass' ? '' : ' not'} ${OP_WORDS[op]} ${factor}× (${why})`, caveats, boundBroken) };
};

const relativeCheck = (
  subjectName: string,
  mine: Subject,
  referenceName: string,
  theirs: Subject,
  metric: GateMetric,
  op: GateOperator,
  factor: number,
  boundBroken: boolean,
): GateCheck => {
  for (const side of [mine, theirs]) if (!side.ok) return { subject: subjectName, verdict: side.verdict, value: null, bound: factor, interval: null, reason: side.reason };
  const [a, b] = [(mine as Extract<Subject, { ok: true }>).figure, (theirs as Extract<Subject, { ok: true }>).figure];
  const caveats = [(mine as Extract<Subject, { ok: true }>).caveat, (theirs as Extract<Subject, { ok: true }>).caveat];
  const boundText = `${factor}× ${referenceName}`;
  if (a.samples === null || b.samples === null) {
    // Counts are compared as they are. A start-up time is one launch on each side, with no interval to tell a
    // difference from noise: it passes or is inconclusive, never fails.
    const holds = satisfies(a.value, op, factor * b.value);
    const verdict = holds ? 'pass' : metric === 'startup' ? 'inconclusive' : 'fail';
    const ratio = b.value === 0 ? null : a.value / b.value;
    return {
      subject: subjectName,
      value: ratio,
      bound: factor,
      interval: null,
      sides: { measured: a.value, reference: b.value, referenceSubject: referenceName },
      ...withCaveat(verdict, `${formatBoundValue(a.value, metric)} is${verdict === 'pass' ? '' : ' not'} ${OP_WORDS[op]} ${factor} × ${formatBoundValue(b.value, metric)}`, caveats, boundBroken),
    };
  }
  const estimate = ratioInterval(a.samples, b.samples);
  const sides = { measured: estimate.meanA, reference: estimate.meanB, referenceSubject: referenceName };
  if (estimate.interval === null) return pointCheck(subjectName, a, b, estimate, sides, op, factor, caveats, boundBroken, estimate.why ?? 'no interval');
  const verdict = decide(estimate.ratio!, estimate.interval, op, factor);
  const what = `the ratio of the means (${a.samples.length} and ${b.samples.length} repeats)`;
  const reason = describeDecision(verdict, what, what, estimate.interval.every((end) => satisfies(end, op, factor)), false, op, boundText);
  return { subject: subjectName, value: estimate.ratio, bound: factor, interval: estimate.interval, sides, ...withCaveat(verdict, reason, caveats, boundBroken) };
};

const worst = (checks: readonly GateCheck[]): GateVerdict => {
  const verdicts = new Set(checks.map((check) => check.verdict));
  for (const verdict of ['fail', 'inconclusive', 'pass'] as const) if (verdicts.has(verdict)) return verdict;
  return 'skipped';
};

const findCell = (report: Report, cell: { readonly profile: string; readonly scenario: string; readonly connections: number }): CellResult | undefined =>
  report.results.find((r) => r.profile === cell.profile && r.scenario === cell.scenario && r.connections === cell.connections);

/** The cells (or, for startup, the profiles) a pattern matches in a report; bad input when a pattern matches none. */
const subjectsOf = (report: Report, pattern: CellPattern, metric: GateMetric, gate: Gate): (CellResult | string)[] => {
  if (metric === 'startup') {
    const names = report.profiles.map((p) => p.name).filter((name) => pattern.profile === null || pattern.profile === name);
    if (names.length === 0) throw new GateInputError(`gate "${gate.name}": profile ${pattern.profile} is not in the report`);
    return names;
  }
  const cells = report.results.filter((cell) => matchesCell(pattern, cell));
  if (cells.length === 0) throw new GateInputError(`gate "${gate.name}": ${formatCells(pattern)} ${isConcrete(pattern) ? 'is' : 'matches no cell'} ${isConcrete(pattern) ? 'not in the report' : 'in the report'}`);
  return cells;
};

const subjectName = (subject: CellResult | string): string => (typeof subject === 'string' ? subject : subject.id);

const claimCheck = (gate: Gate, expression: Extract<GateExpression, { kind: 'claim' }>, claims: readonly ClaimRow[] | undefined): GateCheck => {
  const row = claims?.find((claim) => claim.id === expression.claim);
  if (!row) throw new GateInputError(`gate "${gate.name}": claim ${expression.claim} is not in the report (a fresh bench gate run judges it; bench claims does too)`);
  const equal = row.verdict === expression.verdict;
  const holds = expression.op === '==' ? equal : !equal;
  // A claim that could not be judged says nothing either way, unless the gate asks about exactly that.
  const verdict: GateVerdict = holds ? 'pass' : row.verdict === 'inconclusive' ? 'inconclusive' : 'fail';
  return { subject: row.id, verdict, value: row.measured, bound: null, interval: null, claimVerdict: row.verdict, reason: `${row.verdict}: ${row.reason}` };
};

export const judgeGate = (gate: Gate, context: GateContext): GateResult => {
  const { expression } = gate;
  if (expression.kind === 'claim') {
    const check = claimCheck(gate, expression, context.report.claims);
    return { name: gate.name, line: gate.line, verdict: check.verdict, metric: 'claim', unit: '', kind: 'claim', op: expression.op, checks: [check] };
  }
  const { metric, op, bound } = expression;
  const base = { name: gate.name, line: gate.line, metric, unit: METRIC_UNITS[metric], kind: bound.kind, op } as const;
  if (bound.kind === 'baseline' && !context.baseline) {
    return { ...base, verdict: 'skipped', checks: [{ subject: formatCells(expression.cells), verdict: 'skipped', value: null, bound: bound.factor, interval: null, reason: 'no --baseline given' }] };
  }
  if (bound.kind === 'relative' && bound.cells.profile !== null && !context.report.profiles.some((p) => p.name === bound.cells.profile)) {
    throw new GateInputError(`gate "${gate.name}": profile ${bound.cells.profile} is not in the report`);
  }
  const subjects = subjectsOf(context.report, expression.cells, metric, gate);
  const boundBroken = (subject: CellResult | string): boolean => typeof subject !== 'string' && isCompleted(subject) && subject.boundViolated;
  const checks: GateCheck[] = subjects.map((subject) => {
    const name = subjectName(subject);
    const mine = readSubject(context.report, subject, metric, '');
    switch (bound.kind) {
      case 'absolute':
        return absoluteCheck(name, mine, metric, op, bound.value, boundBroken(subject));
      case 'relative': {
        const target = typeof subject === 'string' ? bound.cells.profile ?? subject : resolveAgainst(bound.cells, subject);
        const reference = typeof target === 'string' ? target : findCell(context.report, target);
        const referenceName = typeof target === 'string' ? target : cellId(target.profile, target.scenario, target.connections);
        if (reference === undefined || (typeof reference === 'string' && !context.report.profiles.some((p) => p.name === reference))) {
          if (isConcrete(bound.cells) || metric === 'startup') throw new GateInputError(`gate "${gate.name}": ${referenceName} is not in the report`);
          return { subject: name, verdict: 'skipped', value: null, bound: bound.factor, interval: null, reason: `${referenceName} is not in the report` };
        }
        return relativeCheck(name, mine, referenceName, readSubject(context.report, reference, metric, 'reference: '), metric, op, bound.factor, boundBroken(subject) || boundBroken(reference));
      }
      case 'baseline': {
        if (!context.baseline) throw new Error('unreachable: a baseline gate without a baseline is skipped above');
        const reference = typeof subject === 'string' ? (context.baseline.profiles.some((p) => p.name === subject) ? subject : undefined) : findCell(context.baseline, subject);
        if (reference === undefined) return { subject: name, verdict: 'skipped', value: null, bound: bound.factor, interval: null, reason: `${name} is not in the baseline` };
        if (typeof reference === 'string' && context.baseline.profiles.find((p) => p.name === reference)?.startupMs == null) {
          return { subject: name, verdict: 'skipped', value: null, bound: bound.factor, interval: null, reason: `the baseline has no start-up time for ${name}` };
        }
        // The baseline's bad luck is not this build's fault: a cell it did not measure is skipped, not failed.
        if (typeof reference !== 'string' && !isCompleted(reference)) return { subject: name, verdict: 'skipped', value: null, bound: bound.factor, interval: null, reason: `the baseline did not measure ${name}: ${reference.error.split('\n')[0]}` };
        return relativeCheck(name, mine, 'baseline', readSubject(context.baseline, reference, metric, 'baseline: '), metric, op, bound.factor, boundBroken(subject) || boundBroken(reference));
      }
    }
  });
  return { ...base, verdict: worst(checks), checks };
};

export interface GateOutcome {
  readonly gates: readonly GateResult[];
  readonly tally: Readonly<Record<GateVerdict, number>>;
  /** True when a gate failed, or (strict) was inconclusive. */
  readonly failed: boolean;
  readonly strict: boolean;
}

export const judgeGates = (gates: readonly Gate[], context: GateContext, options: { readonly strict: boolean }): GateOutcome => {
  const results = gates.map((gate) => judgeGate(gate, context));
  const tally = { pass: 0, fail: 0, inconclusive: 0, skipped: 0 };
  for (const result of results) tally[result.verdict] += 1;
  return { gates: results, tally, failed: tally.fail > 0 || (options.strict && tally.inconclusive > 0), strict: options.strict };
};
