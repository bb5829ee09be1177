// wrk's latency as it timed it. Before it prints (and before its Lua `done` hook runs), wrk 4 "corrects" its
// latency histogram for coordinated omission (stats_correct in its stats.c): with E = its run's µs ÷ (responses ÷
// connections), each recorded latency n ≥ 2E adds one synthetic sample at n − E, n − 2E, … for as long as that is
// above E, as if the connection had sent on a fixed schedule instead of after each answer. autocannon and hey
// report the latencies they timed; wrk's corrected figures are another quantity, and on a server whose answers are
// bimodal (instant 503s beside queued 2xx, or an unfair order serving some connections again and again) they put
// more requests in flight than there are connections. The correction is exact integer arithmetic, so it can be
// undone: for n > E, corrected[n] = raw[n] + Σₖ raw[n + kE] and corrected[n + E] = Σₖ raw[n + kE], hence
// raw[n] = corrected[n] − corrected[n + E]; at or below E nothing was added.

/** A latency histogram in µs: sorted distinct values and how many samples each holds. */
export interface Histogram {
  readonly values: readonly number[];
  readonly counts: readonly number[];
}

/** wrk's own E: the run's µs ÷ (responses ÷ connections), both divisions on integers; null where wrk applies none
 * (fewer responses than connections). */
export const wrkCorrectionInterval = (durationUs: number, requests: number, connections: number): number | null => {
  const perConnection = Math.floor(requests / connections);
  return perConnection > 0 ? Math.floor(durationUs / perConnection) : null;
};

/** What wrk's stats_correct does to a histogram (the test's model of wrk, and the check that undoing it is exact). */
export const applyWrkCorrection = (raw: Histogram, interval: number): Histogram => {
  const bins = new Map<number, number>();
  raw.values.forEach((value, index) => bins.set(value, (bins.get(value) ?? 0) + raw.counts[index]!));
  raw.values.forEach((value, index) => {
    if (value < 2 * interval) return;
    for (let m = value - interval; m > interval; m -= interval) bins.set(m, (bins.get(m) ?? 0) + raw.counts[index]!);
  });
  const values = [...bins.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((value) => bins.get(value)!) };
};

const sameHistogram = (a: Histogram, b: Histogram): boolean =>
  a.values.length === b.values.length && a.values.every((value, index) => value === b.values[index] && a.counts[index] === b.counts[index]);

/** The histogram wrk timed, from the one it corrected with `interval`: the one histogram that wrk's correction turns
 * into it. Throws where there is none (a bin would go negative, or correcting the result does not give the histogram
 * back): it was not corrected with that interval (another wrk, or another layout read), so no figure is given. */
export const undoWrkCorrection = (corrected: Histogram, interval: number | null): Histogram => {
  if (interval === null) return corrected;
  const byValue = new Map<number, number>();
  corrected.values.forEach((value, index) => byValue.set(value, corrected.counts[index]!));
  const values: number[] = [];
  const counts: number[] = [];
  const refuse = (why: string): never => {
    throw new Error(`wrk's latency histogram was not corrected with an interval of ${interval} µs (${why}): the latency it timed cannot be recovered`);
  };
  corrected.values.forEach((value, index) => {
    const count = value > interval ? corrected.counts[index]! - (byValue.get(value + interval) ?? 0) : corrected.counts[index]!;
    if (count < 0) refuse(`a bin at ${value} µs would hold ${count}`);
    if (count > 0) {
      values.push(value);
      counts.push(count);
    }
  });
  const raw = { values, counts };
  if (!sameHistogram(applyWrkCorrection(raw, interval), corrected)) refuse('correcting what is left does not give it back');
  return raw;
};

export interface HistogramStats {
  readonly count: number;
  readonly minUs: number;
  readonly meanUs: number;
  readonly maxUs: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
}

/** Count, mean and percentiles of a histogram, each percentile by wrk's own rule (stats_percentile: the smallest
 * value whose cumulative count reaches round(p% × count + 0.5)), so that a raw histogram reads as wrk would read it. */
export const histogramStats = (histogram: Histogram): HistogramStats => {
  const count = histogram.counts.reduce((sum, n) => sum + n, 0);
  if (count === 0) return { count: 0, minUs: 0, meanUs: 0, maxUs: 0, p50Us: 0, p90Us: 0, p99Us: 0 };
  const sum = histogram.values.reduce((total, value, index) => total + value * histogram.counts[index]!, 0);
  const percentile = (p: number): number => {
    const rank = Math.round((p / 100) * count + 0.5);
    let seen = 0;
    for (let index = 0; index < histogram.values.length; index += 1) {
      seen += histogram.counts[index]!;
      if (seen >= rank) return histogram.values[index]!;
    }
    return histogram.values.at(-1)!;
  };
  return { count, minUs: histogram.values[0]!, meanUs: sum / count, maxUs: histogram.values.at(-1)!, p50Us: percentile(50), p90Us: percentile(90), p99Us: percentile(99) };
};
