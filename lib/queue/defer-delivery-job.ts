// Puts a job back in the queue for later, unchanged, when it may not run now. One
// statement: the delivery's row is updated (showing the wait in the dashboard) only
// while the job's token is still current — a manual retry that replaced it meanwhile
// must not be replaced back — and the job is queued only if that row was.
import { Prisma } from '../generated/prisma/client.ts';
import { db } from '../db.ts';
import { WAITING_PRIORITY, type DeliverJob } from './deliver-job.ts';
import { addJobsSql } from './enqueue-deliveries.ts';

export type Deferral = 'deferred' | 'stale' | 'circuit_closed';

/**
 * `whileCircuitOpen`: defer only while that endpoint's circuit is still open. The share
 * lock on its row orders this against the success that closes it: either that success
 * committed first (nothing to wait for: 'circuit_closed'), or it waits for this
 * deferral, and the wake-up that follows it (circuit-breaker.ts) finds this job.
 * The delivery's row is locked first, the endpoint's second: the order recording an
 * attempt takes them in, so the two cannot deadlock.
 */
export async function deferDeliveryJob(job: DeliverJob, runAt: Date, options: { whileCircuitOpen?: string } = {}): Promise<Deferral> {
  const open = options.whileCircuitOpen
    ? Prisma.sql`select 1 from endpoints where id = ${options.whileCircuitOpen} and circuit_state <> 'closed' and exists (select 1 from mine) for share`
    : Prisma.sql`select 1 where exists (select 1 from mine)`;
  const [row] = await db().$queryRaw<{ current: boolean; open: boolean; deferred: boolean }[]>`
    with mine as (select id from deliveries where id = ${job.deliveryId} and job_token = ${job.token} for update),
    open as (${open}),
    d as (
      update deliveries set next_attempt_at = ${runAt}
       where id in (select id from mine) and exists (select 1 from open)
      returning id
    ), jobs as (${addJobsSql([{ ...job, runAt, priority: WAITING_PRIORITY }], Prisma.sql`exists (select 1 from d)`)})
    select exists (select 1 from mine) as current, exists (select 1 from open) as open, exists (select 1 from d) as deferred
      from (select count(*) from jobs) queued`;
  if (!row?.current) return 'stale';
  if (!row.open) return 'circuit_closed';
  return row.deferred ? 'deferred' : 'stale';
}
