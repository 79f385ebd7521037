// Scenario 3, end to end: events sent to the API at a fixed rate (open loop), one worker
// running; the latency is from the moment the sender has the API's 202 to the moment
// the receiver gets the event's first attempt, for every (event, endpoint).
// Scenario 4, isolation: the same at the first rate, the tenant's events also going to
// one endpoint that hangs until the delivery timeout and one that answers 500. The
// healthy endpoints' latency should look like scenario 3's (it is set beside it).
import { EVENT_DATA } from '../load.ts';
import { sendAtRate } from '../load-generators.ts';
import { fmt, progress } from '../progress.ts';
import { sleep } from '../processes.ts';
import type { App, Context, Tenant } from '../stack.ts';
import { summarize, type Latency } from '../stats.ts';

export type EndToEndFigures = {
  rate: number;
  seconds: number;
  /** Endpoints whose latency is reported (the healthy ones). */
  endpoints: number;
  sentPerSecond: number;
  accepted: number;
  statuses: Record<string, number>;
  errors: number;
  /** (event, healthy endpoint) pairs whose first attempt had not arrived 30 s after the last 202. */
  missing: number;
  /** 202 → first attempt at the receiver. */
  latency: Latency;
  /** Request sent → first attempt at the receiver: the producer's whole wait, API time included. */
  fromRequest: Latency;
  /** The API's own answer time during the run. */
  apiLatency: Latency;
  /**
   * The same latency by half-second of the run (when the 202 came): [start (s), samples,
   * p50, p99, max], so a tail can be placed — the bad endpoints' onset, their timeouts,
   * a stall.
   */
  byHalfSecond: [number, number, number, number, number][];
  /** Isolation only: what the bad endpoints got meanwhile. */
  bad?: { hangArrivals: number; failArrivals: number };
};

/** Receiver paths for a scenario's tenant: `healthy` endpoints, plus the hanging and failing ones for isolation. */
export function endToEndPaths(group: string, healthy: number, withBad: boolean): string[] {
  const paths = Array.from({ length: healthy }, (_, i) => `/${group}/healthy/${i}`);
  return withBad ? [...paths, `/${group}/hang`, `/${group}/fail`] : paths;
}

export async function endToEnd(ctx: Context, app: App, group: string, tenant: Tenant, rate: number, seconds: number): Promise<EndToEndFigures> {
  const healthy = tenant.endpoints.map((e) => new URL(e.url).pathname).filter((p) => p.includes('/healthy/'));
  progress.step(`${group}: ${rate} events/s for ${seconds} s to ${healthy.length} endpoints${healthy.length < tenant.endpoints.length ? ' + one hanging + one failing' : ''}`);
  const sent = await sendAtRate({ appUrl: app.url, apiKey: tenant.apiKey, rate, seconds, body: JSON.stringify({ type: 'bench.e2e', data: EVENT_DATA }), label: group });
  const expected = sent.accepted.length * healthy.length;
  // Every first attempt to a healthy endpoint, or 30 s after the last 202 (then the rest count as missing).
  const deadline = performance.now() + 30_000;
  let arrivals = await ctx.receiver.arrivals(group);
  const healthyLatencies = (from: 'acceptedAt' | 'sentAt' = 'acceptedAt', window?: (acceptedAt: number) => number[]) => {
    const latencies: number[] = [];
    for (const accepted of sent.accepted) {
      for (const path of healthy) {
        const at = arrivals.get(`${path} ${accepted.id}`);
        if (at === undefined) continue;
        latencies.push(at - accepted[from]);
        window?.(accepted.acceptedAt).push(at - accepted[from]);
      }
    }
    return latencies;
  };
  let latencies = healthyLatencies();
  while (latencies.length < expected && performance.now() < deadline) {
    progress.detail(`waiting for the last deliveries: ${fmt(latencies.length)} / ${fmt(expected)}`);
    await sleep(250);
    arrivals = await ctx.receiver.arrivals(group);
    latencies = healthyLatencies();
  }
  const start = Math.min(...sent.accepted.map((accepted) => accepted.acceptedAt));
  const windows = new Map<number, number[]>();
  healthyLatencies('acceptedAt', (acceptedAt) => {
    const index = Math.floor((acceptedAt - start) / 500);
    let samples = windows.get(index);
    if (!samples) windows.set(index, (samples = []));
    return samples;
  });
  const byHalfSecond = [...windows].sort(([a], [b]) => a - b).map(([index, samples]): [number, number, number, number, number] => {
    const { count, p50, p99, max } = summarize(samples);
    return [index / 2, count, p50, p99, max];
  });
  const count = (suffix: string) => [...arrivals.keys()].filter((key) => key.split(' ')[0]!.endsWith(suffix)).length;
  return {
    rate,
    seconds,
    endpoints: healthy.length,
    sentPerSecond: sent.sentPerSecond,
    accepted: sent.accepted.length,
    statuses: sent.statuses,
    errors: sent.errors,
    missing: expected - latencies.length,
    latency: summarize(latencies),
    fromRequest: summarize(healthyLatencies('sentAt')),
    apiLatency: sent.apiLatency,
    byHalfSecond,
    ...(healthy.length < tenant.endpoints.length ? { bad: { hangArrivals: count('/hang'), failArrivals: count('/fail') } } : {}),
  };
}
