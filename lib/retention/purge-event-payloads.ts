// One batch of retention for events: up to `batchSize` events created before the cutoff
// get their body replaced with nothing and payload_purged_at stamped, in one short
// transaction of two statements. Rows are taken in id order after `after`, locked with
// SKIP LOCKED (NO KEY UPDATE: deliveries' foreign-key checks still pass), so a concurrent
// run or a retry holding an event is stepped over, never waited for.
//
// An event with a delivery still to make (pending, retrying, or any with a job queued,
// e.g. a manual retry of a failed one) keeps its payload: an accepted event must stay
// deliverable. The next run looks at it again.
//
// Why two statements: a statement decides on the snapshot it started with, and a retry
// or recover (FOR SHARE on the event, then a job_token on the delivery) that commits
// between that start and the moment the statement locks the event changes no event row,
// so Postgres re-checks nothing: one statement would blank an event whose retry it never
// saw, and the accepted retry would end "payload removed by retention". So the first
// statement only locks candidates; the second, on a fresh snapshot (READ COMMITTED, the
// default) taken once the locks are held, blanks those whose deliveries are all still
// settled. From the lock on, a retry or recover of them waits for this commit and then
// sees the purge (409, or not recovered).
import { Prisma } from '../generated/prisma/client.ts';
import { db, type Tx } from '../db.ts';
import { idLowerBound } from '../dashboard/id-bounds.ts';
import { PURGED_BODY } from './purged-body.ts';

/** `taken`: rows the batch looked at (its size, unless it is the last); `purged`: those it emptied. */
export type BatchResult = { purged: number; taken: number; lastId: string | null };

// Ids start with their creation time (lib/ids.ts): the id range rides the primary key,
// created_at decides exactly. A minute past the cutoff covers ids minted a moment apart
// from their created_at.
export const ID_MARGIN_MS = 60_000;

// A delivery of `d` still to make: not settled, or a job queued for it.
const undelivered = Prisma.sql`(d.status not in ('succeeded', 'failed') or d.job_token is not null)`;

export async function purgeEventPayloads(run: { id: number; cutoff: Date }, after: string, batchSize: number): Promise<BatchResult> {
  return db().$transaction(async (tx) => {
    const ids = await lockCandidates(tx, run.cutoff, after, batchSize);
    if (ids.length === 0) return { purged: 0, taken: 0, lastId: null };
    const [row] = await tx.$queryRaw<{ purged: number }[]>`
      with purged as (
        update events e set body = ${PURGED_BODY}, payload_purged_at = now()
         where e.id = any(${ids}::text[])
           and not exists (select 1 from deliveries d where d.event_id = e.id and ${undelivered})
        returning e.id
      ), counted as (
        update retention_runs set events_purged = events_purged + (select count(*) from purged) where id = ${run.id}
      )
      select (select count(*) from purged)::int as purged`;
    return { purged: row?.purged ?? 0, taken: ids.length, lastId: ids.at(-1)! };
  });
}

// Events that look delivered as of this statement: the batch's rows. The second statement decides.
async function lockCandidates(tx: Tx, cutoff: Date, after: string, batchSize: number): Promise<string[]> {
  const bound = idLowerBound('event', new Date(cutoff.getTime() + ID_MARGIN_MS));
  const rows = await tx.$queryRaw<{ id: string }[]>`
    select e.id from events e
     where e.id > ${after} and e.id < ${bound} and e.created_at < ${cutoff} and e.payload_purged_at is null
       -- The same id range on deliveries: the planner's merge anti join then starts at
       -- this batch on both indexes, instead of reading every earlier delivery each time.
       and not exists (select 1 from deliveries d
                        where d.event_id = e.id and d.event_id > ${after} and d.event_id < ${bound} and ${undelivered})
     order by e.id
     limit ${batchSize}
       for no key update of e skip locked`;
  return rows.map((r) => r.id);
}
