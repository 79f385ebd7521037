// Scenario 1 (and 5, 6a): a backlog queued while no worker runs, then one worker started
// and timed until every delivery has succeeded. The rate is deliveries over the time
// from the first webhook's arrival to the last success recorded, so the worker's own
// start-up (tsx, Prisma, graphile-worker's pool: about a second) is reported apart.
import { BASELINE_TASK } from '../config.ts';
import { countCpu, perItem, type CpuSeconds } from '../cpu.ts';
import { clearQueue, queueBaselineJobs, queueHooklineEvents } from '../load.ts';
import { fmt, progress } from '../progress.ts';
import { sleep } from '../processes.ts';
import { startBaselineWorker, startHooklineWorker, type Context, type Tenant, type Worker } from '../stack.ts';
import { perSecond, steadyRate } from '../stats.ts';

const now = () => performance.timeOrigin + performance.now();

export type DrainFigures = {
  events: number;
  endpoints: number;
  deliveries: number;
  /** Bulk-queueing the backlog (not part of the rate). */
  queueSeconds: number;
  /** Worker spawned → first webhook at the receiver. */
  startupSeconds: number;
  /** First webhook at the receiver → last delivery recorded. */
  seconds: number;
  deliveriesPerSecond: number;
  /** The same, counting the worker's start-up. */
  deliveriesPerSecondWithStartup: number;
  /** Between 10 % and 90 % delivered: the rate without the start and the stragglers. */
  steadyDeliveriesPerSecond: number;
  /** How long the last 1 % of the deliveries took. */
  lastPercentSeconds: number;
  duplicates: number;
  peakRssBytes: number;
  /** CPU per delivery (µs) from the worker's start to the last delivery recorded, by process (bench/cpu.ts). */
  cpuMicrosPerDelivery: CpuSeconds<'worker' | 'receiver'>;
  /** Webhooks at the receiver per second of the drain. */
  timeline: [number, number][];
};

/** One alternated drain and baseline (bench/config.ts, drainPairs). */
export type DrainPair = {
  deliveriesPerSecond: number;
  baselineDeliveriesPerSecond: number;
  /** The drain's rate as a share of the baseline's. */
  share: number;
  cpuMicrosPerDelivery: DrainFigures['cpuMicrosPerDelivery'];
  baselineCpuMicrosPerDelivery: DrainFigures['cpuMicrosPerDelivery'];
};

export function drainPair(drain: DrainFigures, baseline: DrainFigures): DrainPair {
  return {
    deliveriesPerSecond: drain.deliveriesPerSecond,
    baselineDeliveriesPerSecond: baseline.deliveriesPerSecond,
    share: drain.deliveriesPerSecond / baseline.deliveriesPerSecond,
    cpuMicrosPerDelivery: drain.cpuMicrosPerDelivery,
    baselineCpuMicrosPerDelivery: baseline.cpuMicrosPerDelivery,
  };
}

/** Hookline: `events` events of the tenant (fanned out to its endpoints), one worker. */
export async function hooklineDrain(ctx: Context, group: string, tenant: Tenant, events: number): Promise<DrainFigures> {
  progress.step(`${group}: queueing ${fmt(events)} events × ${tenant.endpoints.length} endpoints`);
  // Both drains (1 and 5) start from a checkpoint: scenario 5's history is written out
  // before it (bench/load.ts), and so is whatever came before scenario 1.
  await ctx.sql.query('checkpoint').catch(() => undefined);
  const queueStart = now();
  const queuedAfter = new Date(Date.now() - 1_000);
  const deliveries = await queueHooklineEvents(ctx.sql, tenant.id, events, (n) => progress.detail(`${fmt(n)} events queued`));
  const queueSeconds = (now() - queueStart) / 1000;
  progress.step(`${group}: one Hookline worker delivering ${fmt(deliveries)}`);
  const endpointIds = tenant.endpoints.map((e) => e.id);
  const worker = await startHooklineWorker(ctx, `worker-${group}`);
  const finished = async () => {
    const { rows } = await ctx.sql.query<{ open: boolean }>(
      `select exists (select 1 from deliveries where endpoint_id = any($1) and status in ('pending', 'retrying')) as open`,
      [endpointIds],
    );
    return !rows[0]!.open;
  };
  const figures = await timeDrain(ctx, group, worker, deliveries, finished);
  const { rows } = await ctx.sql.query<{ n: number }>(
    `select count(*)::int as n from deliveries where endpoint_id = any($1) and status = 'succeeded' and created_at >= $2`,
    [endpointIds, queuedAfter],
  );
  if (rows[0]!.n !== deliveries) throw new Error(`${group}: ${rows[0]!.n} of ${deliveries} deliveries succeeded`);
  return { events, endpoints: tenant.endpoints.length, deliveries, queueSeconds, ...figures };
}

/**
 * The bare graphile-worker baseline: as many jobs as Hookline's drain had deliveries, to
 * as many URLs; `group`, the receiver's path segment (one per run: it counts arrivals).
 */
export async function baselineDrain(ctx: Context, deliveries: number, endpoints: number, group = 'baseline'): Promise<DrainFigures> {
  progress.step(`${group}: queueing ${fmt(deliveries)} bare jobs`);
  await clearQueue(ctx.sql);
  const queueStart = now();
  const targets = Array.from({ length: endpoints }, (_, i) => `${ctx.receiver.base}/${group}/${i}`);
  await queueBaselineJobs(ctx.sql, deliveries, targets, (n) => progress.detail(`${fmt(n)} jobs queued`));
  const queueSeconds = (now() - queueStart) / 1000;
  progress.step(`${group}: bare graphile-worker + undici delivering ${fmt(deliveries)}`);
  const worker = await startBaselineWorker(ctx);
  const finished = async () => {
    const { rows } = await ctx.sql.query<{ open: boolean }>(
      `select exists (select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = $1) as open`,
      [BASELINE_TASK],
    );
    return !rows[0]!.open;
  };
  const figures = await timeDrain(ctx, group, worker, deliveries, finished);
  return { events: deliveries, endpoints, deliveries, queueSeconds, ...figures };
}

async function timeDrain(ctx: Context, group: string, worker: Worker, total: number, finished: () => Promise<boolean>) {
  let last = { count: 0, at: now() };
  let rate = 0;
  let doneAt = 0;
  let peakRssBytes = 0;
  let cpu: CpuSeconds<'worker' | 'receiver'> = { worker: null, postgres: null, receiver: null };
  const counting = countCpu({ worker: worker.child.process.pid, receiver: ctx.receiver.child.process.pid }, ctx.database.url);
  try {
    for (;;) {
      const stats = await ctx.receiver.stats(group);
      const at = now();
      if (stats.count !== last.count) {
        rate = at - last.at > 900 ? (stats.count - last.count) / ((at - last.at) / 1000) : rate;
        if (at - last.at > 900) last = { count: stats.count, at };
      } else if (at - last.at > 60_000) {
        throw new Error(`${group}: no delivery for 60 s, stuck at ${stats.count} of ${total} (worker log: ${worker.child.log})`);
      }
      progress.detail(`${fmt(stats.count)} / ${fmt(total)} delivered, ${fmt(rate)}/s now`);
      if (stats.count >= total && (await finished())) {
        doneAt = now();
        break;
      }
      // Close to the end, look often: the poll's granularity is part of the measured time.
      await sleep(stats.count >= total * 0.97 ? 20 : 250);
    }
  } finally {
    cpu = counting.stop();
    peakRssBytes = await worker.stop();
  }
  const stats = await ctx.receiver.stats(group);
  const seconds = (doneAt - stats.first) / 1000;
  const timeline = perSecond(stats.perSecond, stats.first, doneAt);
  const steady = steadyRate(timeline);
  return {
    startupSeconds: (stats.first - worker.spawnedAt) / 1000,
    seconds,
    deliveriesPerSecond: Math.round(total / seconds),
    deliveriesPerSecondWithStartup: Math.round(total / ((doneAt - worker.spawnedAt) / 1000)),
    steadyDeliveriesPerSecond: steady.perSecond,
    lastPercentSeconds: steady.lastPercentSeconds,
    duplicates: stats.duplicates,
    peakRssBytes,
    cpuMicrosPerDelivery: perItem(cpu, total),
    timeline,
  };
}

