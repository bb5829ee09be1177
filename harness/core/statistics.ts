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
