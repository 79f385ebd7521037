// Latency summaries: the percentiles the targets name, plus the curve the HTML charts draw.

/** The percentiles every latency series reports (the chart's x axis). */
export const CURVE = [0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100] as const;

export type Latency = {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** [percentile, ms] along CURVE. */
  curve: [number, number][];
};

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    count: values.length,
    mean: round(values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)),
    p50: round(percentile(values, 50)),
    p90: round(percentile(values, 90)),
    p99: round(percentile(values, 99)),
    p999: round(percentile(values, 99.9)),
    max: round(values.at(-1) ?? Number.NaN),
    curve: CURVE.map((p) => [p, round(percentile(values, p))]),
  };
}

/** Deliveries (or requests) per second, one figure per whole second of a run. */
export function perSecond(counts: [number, number][], from: number, to: number): [number, number][] {
  const bySecond = new Map(counts);
  const first = Math.floor(from / 1000);
  const last = Math.floor(to / 1000);
  const out: [number, number][] = [];
  for (let s = first; s <= last; s++) out.push([s - first, bySecond.get(s) ?? 0]);
  return out;
}

/**
 * From a per-second timeline: the rate between 10 % and 90 % delivered (the steady
 * state, without the start and the stragglers), and how long the last 1 % took.
 */
export function steadyRate(timeline: [number, number][]): { perSecond: number; lastPercentSeconds: number } {
  const total = timeline.reduce((sum, [, n]) => sum + n, 0);
  // When the cumulative count reaches `share` of the total, interpolated within its second.
  const reach = (share: number) => {
    let before = 0;
    for (const [second, n] of timeline) {
      if (before + n >= share * total) return second + (n ? (share * total - before) / n : 0);
      before += n;
    }
    return timeline.at(-1)?.[0] ?? 0;
  };
  const middle = reach(0.9) - reach(0.1);
  return { perSecond: middle > 0 ? Math.round((0.8 * total) / middle) : 0, lastPercentSeconds: Math.round((reach(1) - reach(0.99)) * 10) / 10 };
}

/** The median of these numbers (of an even count, the mean of the middle two); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
