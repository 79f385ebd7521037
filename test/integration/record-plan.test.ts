// Recording an attempt, and putting jobs back, must find their deliveries by index at
// any table size. Those statements take their rows from json_to_recordset, which the
// planner counts as 100 rows; joined on that alone, 100 index look-ups cost more by its
// reckoning than reading the whole deliveries table up to ~30,000 rows, and every record
// statement scanned the table (bench, end to end at 500 events/s on a fresh database:
// 6.6 ms per statement, slower as the table grew). Each statement also names its ids in
// a text[] parameter (lib/delivery/record-attempt.ts, lib/queue/defer-delivery-job.ts).
//
// The statements are captured as the code sends them and explained again, with the same
// values, against a table of 15,000 analyzed deliveries.
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { attemptDelivery } from '@/lib/delivery/attempt-delivery';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { attemptContext } from '../support/attempt-context.ts';
import { deferDeliveryJob } from '@/lib/queue/defer-delivery-job';
import { firstJob as firstJobAt } from '../support/first-job.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';

let harness: Harness;
let receiver: Receiver;
const HISTORY = 15_000;

beforeAll(async () => {
  harness = await startHarness();
  receiver = await startReceiver((request) => (request.path.endsWith('/fails') ? { status: 500, body: 'no' } : { status: 200, body: 'ok' }));
  // History: old events with one succeeded delivery each, and statistics that know it.
  const t = await harness.newTenant();
  const endpoint = await createEndpoint(t.id, { url: `${receiver.url}/old` });
  await db().$executeRaw`
    insert into events (id, tenant_id, type, body, created_at)
    select 'msg_old' || g, ${t.id}, 'a.b', '{}', now() - interval '1 day' from generate_series(1, ${HISTORY}) g`;
  await db().$executeRaw`
    insert into deliveries (id, tenant_id, event_id, endpoint_id, status, attempt_count, created_at, updated_at)
    select 'dlv_old' || g, ${t.id}, 'msg_old' || g, ${endpoint.id}, 'succeeded', 1, now() - interval '1 day', now() - interval '1 day'
      from generate_series(1, ${HISTORY}) g`;
  await db().$executeRawUnsafe('analyze deliveries');
});

afterAll(async () => {
  await receiver?.close();
  await harness?.close();
});

const firstJob = (path: string) => firstJobAt(harness, receiver.url + path);

type Sent = { text: string; values: unknown[] };

/** The statements sent through any pg client (the hot path's pool and Prisma's adapter alike) while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<Sent[]> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await work();
    return spy.mock.calls.flatMap(([config, values]) => {
      if (typeof config === 'string') return [{ text: config, values: Array.isArray(values) ? values : [] }];
      const c = config as { text?: string; values?: unknown[] } | undefined;
      return typeof c?.text === 'string' ? [{ text: c.text, values: c.values ?? (Array.isArray(values) ? values : []) }] : [];
    });
  } finally {
    spy.mockRestore();
  }
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/** How the planner reads the deliveries table in this statement, with these values. */
async function deliveriesScans(sent: Sent): Promise<string[]> {
  const client = new pg.Client({ connectionString: harness.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) ${sent.text}`, sent.values);
    return nodes(rows[0]!['QUERY PLAN'][0].Plan)
      .filter((node) => node['Relation Name'] === 'deliveries')
      .map((node) => node['Node Type']);
  } finally {
    await client.end();
  }
}

const recording = (sent: Sent[]) => sent.filter((s) => s.text.includes('insert into attempts'));

/** The statement was sent, reads deliveries, and never by a sequential scan. */
async function expectDeliveriesByIndex(sent: Sent | undefined): Promise<void> {
  expect(sent).toBeDefined();
  const scans = await deliveriesScans(sent!);
  expect(scans.length).toBeGreaterThan(0);
  expect(scans).not.toContain('Seq Scan');
}

it('recording a success reads its deliveries by index, not the whole table', async () => {
  const job = await firstJob('/ok');
  const sent = await statementsDuring(async () => expect((await attemptDelivery(job, attemptContext(job))).result).toBe('recorded'));
  const [record] = recording(sent);
  expect(JSON.stringify(record?.values)).toContain(job.deliveryId);
  await expectDeliveriesByIndex(record);
  expect((await db().delivery.findUniqueOrThrow({ where: { id: job.deliveryId } })).status).toBe('succeeded');
});

it('recording a failure reads its delivery by index, not the whole table', async () => {
  const job = await firstJob('/fails');
  const sent = await statementsDuring(async () => expect((await attemptDelivery(job, attemptContext(job))).result).toBe('recorded'));
  const [record] = recording(sent);
  await expectDeliveriesByIndex(record);
  expect((await db().delivery.findUniqueOrThrow({ where: { id: job.deliveryId } })).status).toBe('retrying');
});

it('putting a job back reads its delivery by index, not the whole table', async () => {
  const job = await firstJob('/ok');
  const sent = await statementsDuring(async () => expect(await deferDeliveryJob(job, new Date(Date.now() + 60_000))).toBe('deferred'));
  const [put] = sent.filter((s) => s.text.includes('next_attempt_at = i.run_at'));
  await expectDeliveriesByIndex(put);
});
