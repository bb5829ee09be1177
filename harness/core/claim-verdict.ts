// A claim's verdict from what was measured for it: pure, so that every rule here is tested without a server.
import type { Claim, ClaimCheck } from './claims-schema.js';

export const CLAIM_VERDICTS = ['confirmed', 'refuted', 'inconclusive'] as const;
export type ClaimVerdict = (typeof CLAIM_VERDICTS)[number];

/** What a claim's test measured. */
export interface ClaimEvidence {
  /** The figure held against the claim: the median over repeats (or the one measurement). */
  readonly value: number;
  /** Lowest and highest the figure read over the repeats (a ratio: the extremes of its two sides); null with one. */
  readonly range: readonly [number, number] | null;
  /** Where it came from: cell ids, or the probe that measured it. */
  readonly sources: readonly string[];
  /** Why the figure cannot carry a verdict (a generator-bound cell, a broken bound, a noisy cell). */
  readonly doubts: readonly string[];
  /** The largest share of failed requests (errors, timeouts, non-2xx) in the cells it read. */
  readonly failedShare?: number;
  /** What else the reader should know, e.g. requests that failed during a reload. */
  readonly note?: string;
  /** Set when the figure is only a floor of the server's (a generator-bound cell's requests/s), and why: a verdict
   * then holds only if every higher figure would give it too. */
  readonly floor?: string;
  /** Set when the figure is within noise of another (a worker count not significantly below the best): the check
   * is made on that value, and the reason says why. */
  readonly equivalent?: { readonly value: number; readonly reason: string };
}

/** Why nothing was measured (the test's server failed to start, the run was interrupted). */
export interface MissingEvidence {
  readonly missing: string;
}

export interface ClaimJudgement {
  readonly verdict: ClaimVerdict;
  readonly reason: string;
  /** The measured figure, or null where nothing was measured. */
  readonly measured: number | null;
  /** Measured ÷ claimed (the check's value; of a "between", its value or else the middle of its range), or null. */
  readonly ratio: number | null;
}

const passes = (check: ClaimCheck, value: number): boolean => {
  switch (check.expect) {
    case 'at-least':
      return value >= check.value;
    case 'at-most':
      return value <= check.value;
    case 'about': {
      const tolerance = check.tolerance ?? DEFAULT_TOLERANCE;
      return Math.abs(value - check.value) <= tolerance * Math.abs(check.value);
    }
    case 'between':
      return value >= check.min && value <= check.max;
  }
};

/** "about" without a tolerance: within 10%. */
export const DEFAULT_TOLERANCE = 0.1;

export const describeCheck = (check: ClaimCheck, unit: string): string => {
  const u = unit === '' || unit === '×' || unit.startsWith('×') ? unit : ` ${unit}`;
  switch (check.expect) {
    case 'at-least':
      return `at least ${formatFigure(check.value)}${u}`;
    case 'at-most':
      return `at most ${formatFigure(check.value)}${u}`;
    case 'about':
      return `${formatFigure(check.value)}${u} ± ${Math.round((check.tolerance ?? DEFAULT_TOLERANCE) * 100)}%`;
    case 'between':
      return `${formatFigure(check.min)}–${formatFigure(check.max)}${u}`;
  }
};

export const formatFigure = (value: number): string => {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value === 0 ? '0' : value.toPrecision(2);
};

/** What the ratio is taken to: the document's figure where the check names it, else the threshold. */
const claimedValue = (check: ClaimCheck): number => {
  switch (check.expect) {
    case 'between':
      return check.value ?? (check.min + check.max) / 2;
    case 'at-least':
    case 'at-most':
      return check.figure ?? check.value;
    case 'about':
      return check.value;
  }
};

/**
 * confirmed: the check holds over the whole range the figure read; refuted: it fails over the whole range (or
 * more requests failed than the claim allows); inconclusive: the range straddles the claimed figure, the figure
 * rests on a cell that cannot carry a verdict, the claim is made for other hardware, or it was not measured.
 */
export const judgeClaim = (claim: Claim, evidence: ClaimEvidence | MissingEvidence | null, machine: { readonly cores: number }): ClaimJudgement => {
  const none = (reason: string): ClaimJudgement => ({ verdict: 'inconclusive', reason, measured: null, ratio: null });
  if (claim.test.shape === 'unmeasured') return none(`not measurable here: ${claim.test.reason}`);
  if (claim.forCores !== undefined && claim.forCores !== machine.cores) {
    return none(`made for ${claim.forCores} cores; this machine has ${machine.cores}`);
  }
  if (evidence === null) return none('not measured in this run');
  if ('missing' in evidence) return none(evidence.missing);
  const check = claim.check!;
  const unit = claim.unit ?? '';
  const claimed = claimedValue(check);
  const measured = evidence.value;
  const ratio = claimed === 0 ? null : measured / claimed;
  const judged = (verdict: ClaimVerdict, reason: string): ClaimJudgement => ({ verdict, reason, measured, ratio });
  if (evidence.doubts.length > 0) return judged('inconclusive', evidence.doubts.join('; '));
  const figure = `${formatFigure(measured)}${unit.startsWith('×') || unit === '' ? unit : ` ${unit}`}`;
  const spread = evidence.range ? ` (${formatFigure(evidence.range[0])}–${formatFigure(evidence.range[1])} over the repeats)` : '';
  if (claim.maxFailedShare !== undefined && (evidence.failedShare ?? 0) > claim.maxFailedShare) {
    return judged('refuted', `${((evidence.failedShare ?? 0) * 100).toFixed(1)}% of requests failed; the claim allows ${(claim.maxFailedShare * 100).toFixed(0)}%`);
  }
  const [low, high] = evidence.range ?? [measured, measured];
  const expected = describeCheck(check, unit);
  if (evidence.equivalent) {
    const holds = passes(check, evidence.equivalent.value);
    return judged(holds ? 'confirmed' : 'refuted', `measured ${figure}; ${evidence.equivalent.reason}; claimed ${expected}`);
  }
  if (evidence.floor) {
    // The server could do more than measured, never less: judge the range from the lowest repeat up.
    if (check.expect === 'at-least' && passes(check, low)) return judged('confirmed', `measured ${figure}${spread}, a floor; claimed ${expected} (${evidence.floor})`);
    const above = check.expect === 'at-most' ? check.value : check.expect === 'between' ? check.max : check.expect === 'about' ? check.value * (1 + (check.tolerance ?? DEFAULT_TOLERANCE)) : Number.POSITIVE_INFINITY;
    if (low > above) return judged('refuted', `measured ${figure}${spread}, a floor, already above ${expected} (${evidence.floor})`);
    return judged('inconclusive', evidence.floor);
  }
  const atLow = passes(check, low);
  const atHigh = passes(check, high);
  const atValue = passes(check, measured);
  if (atLow && atHigh && atValue) return judged('confirmed', `measured ${figure}${spread}; claimed ${expected}`);
  // A "between" or "about" can fail at both ends of a range that straddles it: then the figure is not decisive
  // only if its middle passes.
  if (!atLow && !atHigh && !atValue) return judged('refuted', `measured ${figure}${spread}; claimed ${expected}`);
  return judged('inconclusive', `measured ${figure}${spread}: the repeats fall on both sides of ${expected}`);
};
