import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareSamples, summarize } from '../../harness/core/statistics.js';

/** Student's t at 97.5% with 2 degrees of freedom, from any t table. */
const T_975_DF2 = 4.302653;

const assertClose = (actual: number, expected: number, tolerance: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);
};

describe('summarize', () => {
  it('gives the median and the mean of the samples', () => {
    const summary = summarize([1, 2, 3, 10]);
    assert.equal(summary.median, 2.5);
    assert.equal(summary.mean, 4);
    assert.equal(summary.n, 4);
    assert.deepEqual([summary.min, summary.max], [1, 10]);
  });

  it('puts a 95% Student-t interval around the mean: 100 ± 4.968 for 100, 102 and 98', () => {
    // Standard deviation 2, so the half-width is t(0.975, 2) × 2 / √3.
    const halfWidth = (T_975_DF2 * 2) / Math.sqrt(3);
    const { ci } = summarize([100, 102, 98]);
    assert.ok(ci, 'three samples give an interval');
    assertClose(ci[0], 100 - halfWidth, 1e-4, 'lower end');
    assertClose(ci[1], 100 + halfWidth, 1e-4, 'upper end');
    assertClose(halfWidth, 4.968, 1e-3, 'half-width');
  });

  it('gives the half-width as a share of the median', () => {
    const summary = summarize([100, 102, 98]);
    assertClose(summary.relativeHalfWidth ?? Number.NaN, 0.04968, 1e-4, 'relative half-width');
    assert.equal(summary.noisy, false, 'an interval of ±5% is narrow enough to conclude from');
  });

  it('calls a wide spread such as 50, 100 and 150 noisy', () => {
    const summary = summarize([50, 100, 150]);
    assert.equal(summary.noisy, true);
    assert.ok((summary.relativeHalfWidth ?? 0) > 0.15, `relative half-width ${summary.relativeHalfWidth}`);
  });

  it('gives no interval for a single sample, and does not call it noisy', () => {
    const summary = summarize([42]);
    assert.equal(summary.ci, null);
    assert.equal(summary.relativeHalfWidth, null);
    assert.equal(summary.noisy, false);
    assert.deepEqual([summary.n, summary.median, summary.mean, summary.min, summary.max], [1, 42, 42, 42, 42]);
  });

  it('gives a zero-width interval for identical samples', () => {
    const summary = summarize([7, 7, 7]);
    assert.deepEqual(summary.ci, [7, 7]);
    assert.equal(summary.relativeHalfWidth, 0);
    assert.equal(summary.noisy, false);
  });

  it('refuses an empty set of samples', () => {
    assert.throws(() => summarize([]), RangeError);
  });
});

describe('compareSamples', () => {
  it('finds clearly different samples significantly different', () => {
    const difference = compareSamples([98, 100, 102], [48, 50, 52]);
    assert.equal(difference.significant, true);
    assert.ok(difference.pValue !== null && difference.pValue < 0.05, `p = ${difference.pValue}`);
  });

  it('does not call overlapping samples different', () => {
    const difference = compareSamples([98, 100, 102], [97, 101, 103]);
    assert.equal(difference.significant, false);
    assert.ok(difference.pValue !== null && difference.pValue >= 0.05, `p = ${difference.pValue}`);
  });

  it('is symmetric: swapping the samples gives the same p-value', () => {
    const forward = compareSamples([98, 100, 102, 99], [90, 95, 93]);
    const backward = compareSamples([90, 95, 93], [98, 100, 102, 99]);
    assertClose(forward.pValue ?? Number.NaN, backward.pValue ?? Number.NaN, 1e-12, 'p-value');
  });

  it('does not call a difference under 2% significant, however steady the repeats', () => {
    // flask-dev against waitress-like on a 1 s analysis at 1 connection: 0.99 req/s each, 1.00×.
    const tiny = compareSamples([0.9931, 0.9932, 0.9933], [0.9901, 0.9902, 0.9903]);
    assert.ok(tiny.pValue !== null && tiny.pValue < 0.05, `p = ${tiny.pValue}`);
    assert.equal(tiny.significant, false);
    assert.equal(compareSamples([1.03, 1.031, 1.032], [1.0, 1.001, 1.002]).significant, true);
  });

  it('draws the 2% line on the smaller mean, with or without spread', () => {
    assert.deepEqual(compareSamples([1, 1, 1], [1.01, 1.01, 1.01]), { pValue: 0, significant: false, belowMinEffect: true });
    assert.equal(compareSamples([100, 100.1, 99.9], [101.9, 102, 101.8]).significant, false, '1.9% apart');
    assert.equal(compareSamples([100, 100.1, 99.9], [102.1, 102.2, 102]).significant, true, '2.1% apart');
  });

  it('gives no p-value when either side has fewer than 2 samples', () => {
    assert.deepEqual(compareSamples([100], [50, 51, 52]), { pValue: null, significant: false });
    assert.deepEqual(compareSamples([100, 101, 99], [50]), { pValue: null, significant: false });
  });

  it('finds identical constant samples not different (p = 1)', () => {
    assert.deepEqual(compareSamples([5, 5, 5], [5, 5, 5]), { pValue: 1, significant: false, belowMinEffect: true });
  });

  it('finds constant samples at different values different (p = 0)', () => {
    assert.deepEqual(compareSamples([5, 5, 5], [6, 6, 6]), { pValue: 0, significant: true });
  });
});
