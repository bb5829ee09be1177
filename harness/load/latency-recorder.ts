// Latency recorded to the microsecond. autocannon's own histogram keeps whole milliseconds (it records a float
// into an HDR histogram whose lowest unit is 1 ms), which reads a 0.4 ms answer as 0 ms and cuts up to 1 ms off
// every percentile: wrong by 25% or more on a fast endpoint. bench records each response's time itself instead.
import { build, type Histogram } from 'hdr-histogram-js';
import type { LatencyMs } from '../core/results.js';

/** Longest latency the histogram tracks without resizing: one hour, in microseconds. */
const HIGHEST_TRACKABLE_US = 3_600_000_000;

export interface LatencyRecorder {
  /** Records one response time, in milliseconds (fractions kept to the microsecond). */
  readonly record: (latencyMs: number) => void;
  readonly count: () => number;
  /** min, mean, percentiles and max in milliseconds; all 0 when nothing was recorded. */
  readonly summary: () => LatencyMs;
}

export const createLatencyRecorder = (): LatencyRecorder => {
  const histogram: Histogram = build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, numberOfSignificantValueDigits: 3 });
  const toMs = (us: number): number => us / 1000;
  return {
    record: (latencyMs) => histogram.recordValue(Math.max(1, Math.round(latencyMs * 1000))),
    count: () => histogram.totalCount,
    summary: () =>
      histogram.totalCount === 0
        ? { min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 }
        : {
            min: toMs(histogram.minNonZeroValue),
            mean: toMs(histogram.mean),
            p50: toMs(histogram.getValueAtPercentile(50)),
            p90: toMs(histogram.getValueAtPercentile(90)),
            p99: toMs(histogram.getValueAtPercentile(99)),
            max: toMs(histogram.maxValue),
          },
  };
};
