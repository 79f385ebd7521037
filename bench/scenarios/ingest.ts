// Scenario 2, ingest: autocannon at POST /api/v1/events of the production app, many
// connections, no worker running (the app alone; its jobs are dropped afterwards).
// Scenario 6b, the receiver's ceiling: the same autocannon straight at the receiver.
import { clearQueue, EVENT_DATA, eventBody } from '../load.ts';
import { blast, type Blast } from '../load-generators.ts';
import { progress } from '../progress.ts';
import { countCpu, perItem, type CpuSeconds } from '../cpu.ts';
import type { App, Context, Tenant } from '../stack.ts';

export type IngestFigures = Blast & {
  endpoints: number;
  warmupSeconds: number;
  /** CPU per accepted event (µs) while the load ran, by process (bench/cpu.ts); autocannon runs in the bench's own. */
  cpuMicrosPerEvent: CpuSeconds<'app'>;
};
/** perSecond counts requests; eventsPerSecond, the events they carried. */
export type BatchIngestFigures = IngestFigures & { batchSize: number; eventsPerSecond: number };

export async function ingest(ctx: Context, app: App, tenant: Tenant): Promise<IngestFigures> {
  const { ingestConnections: connections, ingestSeconds: seconds } = ctx.config;
  const options = {
    url: `${app.url}/api/v1/events`,
    headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'bench.ingest', data: EVENT_DATA }),
    connections,
    expect: 202,
    label: 'events accepted',
  };
  // A fresh app loads its route code on first use: warm it up, unmeasured.
  const warmupSeconds = 3;
  progress.step('ingest: warming up the app');
  await blast({ ...options, seconds: warmupSeconds });
  progress.step(`ingest: POST /api/v1/events, ${connections} connections for ${seconds} s`);
  const counting = countCpu({ app: app.child.process.pid }, ctx.database.url);
  const figures = await blast({ ...options, seconds });
  const cpu = counting.stop();
  await clearQueue(ctx.sql);
  return { ...figures, endpoints: tenant.endpoints.length, warmupSeconds, cpuMicrosPerEvent: perItem(cpu, figures.statuses['202'] ?? 0) };
}

/**
 * Scenario 2b: the same at POST /api/v1/events/batch, `ingestBatchSize` events per
 * request: what a producer sending bursts gets. Informational beside scenario 2, whose
 * target is about single-event requests.
 */
export async function ingestBatch(ctx: Context, app: App, tenant: Tenant): Promise<BatchIngestFigures> {
  const { ingestConnections: connections, ingestBatchSeconds: seconds, ingestBatchSize: batchSize } = ctx.config;
  const events = Array.from({ length: batchSize }, () => ({ type: 'bench.ingest', data: EVENT_DATA }));
  const options = {
    url: `${app.url}/api/v1/events/batch`,
    headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
    connections,
    expect: 202,
    label: 'batches accepted',
  };
  const warmupSeconds = 2;
  progress.step('ingest (batch): warming up');
  await blast({ ...options, seconds: warmupSeconds });
  progress.step(`ingest (batch): POST /api/v1/events/batch, ${batchSize} events each, ${connections} connections for ${seconds} s`);
  const counting = countCpu({ app: app.child.process.pid }, ctx.database.url);
  const figures = await blast({ ...options, seconds });
  const cpu = counting.stop();
  await clearQueue(ctx.sql);
  return { ...figures, endpoints: tenant.endpoints.length, warmupSeconds, batchSize, eventsPerSecond: figures.perSecond * batchSize, cpuMicrosPerEvent: perItem(cpu, (figures.statuses['202'] ?? 0) * batchSize) };
}

export async function receiverCeiling(ctx: Context): Promise<Blast> {
  const { ceilingConnections: connections, ceilingSeconds: seconds } = ctx.config;
  progress.step(`receiver ceiling: ${connections} connections for ${seconds} s straight at the receiver`);
  return blast({
    url: `${ctx.receiver.base}/ceiling/0`,
    // A webhook-id, so the receiver does what it does for a webhook (it notes the arrival).
    headers: { 'content-type': 'application/json', 'webhook-id': 'msg_ceiling' },
    body: eventBody('bench.ceiling'),
    connections,
    seconds,
    expect: 200,
    label: 'requests',
  });
}
