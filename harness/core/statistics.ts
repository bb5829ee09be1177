// Statistics over a cell's repeats: pure functions over samples.
import jStat from 'jstat';
import { mean, median, sampleStandardDeviation } from 'simple-statistics';

/** Confidence level of every interval bench reports. */
export const CONFIDENCE = 0.95;
/** A spread wider than this share of the median is too wide to conclude from. */
export const MAX_RELATIVE_HALF_WIDTH = 0.15;

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly mean: number;
  /** Student-t interval for the mean at CONFIDENCE; null with fewer than 2 samples. */
  readonly ci: readonly [number, number] | null;
  readonly min: number;
  readonly max: number;
  /** Half the interval's width over the median; null without an interval. */
  readonly relativeHalfWidth: number | null;
  /** True when the interval is too wide (or missing) to conclude from. */
  readonly noisy: boolean;
}

export const summarize = (samples: readonly number[]): Summary => {
  if (samples.length === 0) throw new RangeError('summarize needs at least one sample');
  const values = [...samples];
  const center = median(values);
  const average = mean(values);
  if (values.length < 2) {
    return { n: 1, median: center, mean: average, ci: null, min: center, max: center, relativeHalfWidth: null, noisy: false };
  }
  const halfWidth = jStat.studentt.inv(1 - (1 - CONFIDENCE) / 2, values.length - 1) * (sampleStandardDeviation(values) / Math.sqrt(values.length));
  const relativeHalfWidth = center === 0 ? (halfWidth === 0 ? 0 : Number.POSITIVE_INFINITY) : halfWidth / Math.abs(center);
  return {
    n: values.length,
    median: center,
    mean: average,
    ci: [average - halfWidth, average + halfWidth],
    min: Math.min(...values),
    max: Math.max(...values),
    relativeHalfWidth,
    noisy: relativeHalfWidth > MAX_RELATIVE_HALF_WIDTH,
  };
};

export interface Difference {
  /** Welch's two-sided p-value that the means differ; null when it cannot be computed. */
  readonly pValue: number | null;
  /** p < 0.05, and the means differ by MIN_EFFECT of the smaller or more. */
  readonly significant: boolean;
  /** The means differ by less than MIN_EFFECT: not significant whatever p says. */
  readonly belowMinEffect?: boolean;
}

/** Under this share of the smaller mean a difference is never significant: steady repeats of 0.99 req/s against
 * 0.99 (0.3% apart) pass Welch's test, but say the repeats were steady, not that a server is faster. */
export const MIN_EFFECT = 0.02;

/** Welch's t-test between two sets of repeats: is the difference more than noise, and large enough to matter? */
export const compareSamples = (a: readonly number[], b: readonly number[]): Difference => {
  if (a.length < 2 || b.length < 2) return { pValue: null, significant: false };
  const [meanA, meanB] = [mean([...a]), mean([...b])];
  const smaller = Math.min(Math.abs(meanA), Math.abs(meanB));
  const large = smaller === 0 ? meanA !== meanB : Math.abs(meanA - meanB) / smaller >= MIN_EFFECT;
  const varianceA = sampleStandardDeviation([...a]) ** 2 / a.length;
  const varianceB = sampleStandardDeviation([...b]) ** 2 / b.length;
  const standardError = Math.sqrt(varianceA + varianceB);
  const difference = meanA - meanB;
  const small = large ? {} : { belowMinEffect: true };
  if (standardError === 0) return { pValue: difference === 0 ? 1 : 0, significant: difference !== 0 && large, ...small };
  const t = difference / standardError;
  const dof = (varianceA + varianceB) ** 2 / (varianceA ** 2 / (a.length - 1) + varianceB ** 2 / (b.length - 1));
  const pValue = 2 * (1 - jStat.studentt.cdf(Math.abs(t), dof));
  return { pValue, significant: pValue < 1 - CONFIDENCE && large, ...small };
};

/** Pooled sizes up to this are tested exactly (C(20, 10) = 184,756 splits); beyond, by the normal approximation. */
const EXACT_RANK_SUM_MAX = 20;

/** Ranks from 1, ties sharing the mean of their ranks. */
const midranks = (values: readonly number[]): number[] => {
  const order = values.map((value, index) => ({ value, index })).sort((x, y) => x.value - y.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    for (let k = start; k <= end; k += 1) ranks[order[k]!.index] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
};

/**
 * Two-sided p-value of the Wilcoxon rank-sum (Mann–Whitney) test that two sets of repeats come from the same
 * distribution: the share of the ways to split the pooled repeats into groups of these sizes whose rank sum lies
 * as far from its mean as the observed one. Exact for small sets, as a cell's repeats are: 3 repeats each
 * entirely above 3 others happen 1 time in 10 by chance (p = 0.1), 5 above 5 one time in 126 (p = 0.0079).
 * null when a set is empty.
 */
export const rankSumPValue = (a: readonly number[], b: readonly number[]): number | null => {
  const [n, m] = [a.length, b.length];
  if (n === 0 || m === 0) return null;
  const ranks = midranks([...a, ...b]);
  const total = n + m;
  const expected = (n * (total + 1)) / 2;
  const observed = Math.abs(ranks.slice(0, n).reduce((sum, rank) => sum + rank, 0) - expected);
  if (total > EXACT_RANK_SUM_MAX) {
    const sd = Math.sqrt((n * m * (total + 1)) / 12);
    return sd === 0 ? 1 : Math.min(1, 2 * (1 - jStat.normal.cdf(observed, 0, sd)));
  }
  let extreme = 0;
  let splits = 0;
  const visit = (from: number, left: number, sum: number): void => {
    if (left === 0) {
      splits += 1;
      if (Math.abs(sum - expected) >= observed - 1e-9) extreme += 1;
      return;
    }
    for (let k = from; k <= total - left; k += 1) visit(k + 1, left - 1, sum + ranks[k]!);
  };
  visit(0, n, 0);
  return extreme / splits;
};

export interface RatioEstimate {
  /** mean(a) ÷ mean(b). */
  readonly ratio: number | null;
  readonly meanA: number;
  readonly meanB: number;
  /** 95% interval of the ratio; null with fewer than 2 repeats on a side, or a mean of 0 or less. */
  readonly interval: readonly [number, number] | null;
  /** Why there is no interval. */
  readonly why: string | null;
}

/**
 * The ratio of two sets of repeats' means with a 95% interval: the delta method on the log of the ratio
 * (its variance is the sum of each side's squared coefficient of variation of the mean), with Welch–Satterthwaite
 * degrees of freedom, so that two steady sets give a narrow interval and one noisy set a wide one.
 */
export const ratioInterval = (a: readonly number[], b: readonly number[]): RatioEstimate => {
  const [meanA, meanB] = [a.length > 0 ? mean([...a]) : Number.NaN, b.length > 0 ? mean([...b]) : Number.NaN];
  const ratio = meanB > 0 && Number.isFinite(meanA) ? meanA / meanB : null;
  if (a.length < 2 || b.length < 2) return { ratio, meanA, meanB, interval: null, why: `needs at least 2 repeats on each side, has ${a.length} and ${b.length}` };
  if (!(meanA > 0) || !(meanB > 0) || ratio === null) return { ratio, meanA, meanB, interval: null, why: 'a mean of 0: no ratio to give an interval for' };
  const termA = sampleStandardDeviation([...a]) ** 2 / (a.length * meanA ** 2);
  const termB = sampleStandardDeviation([...b]) ** 2 / (b.length * meanB ** 2);
  const se = Math.sqrt(termA + termB);
  if (se === 0) return { ratio, meanA, meanB, interval: [ratio, ratio], why: null };
  const dof = (termA + termB) ** 2 / (termA ** 2 / (a.length - 1) + termB ** 2 / (b.length - 1));
  const t = jStat.studentt.inv(1 - (1 - CONFIDENCE) / 2, dof);
  return { ratio, meanA, meanB, interval: [ratio * Math.exp(-t * se), ratio * Math.exp(t * se)], why: null };
};
