// One batch of retention for events: up to `batchSize` events created before the cutoff
// get their body replaced with nothing and payload_purged_at stamped, in one statement
// (its own short transaction). Rows are taken in id order after `after`, locked with
// SKIP LOCKED (NO KEY UPDATE: deliveries' foreign-key checks still pass), so a concurrent
// run or a retry holding an event is stepped over, never waited for.
//
// An event with a delivery still to make (pending, retrying, or any with a job queued,
// e.g. a manual retry of a failed one) keeps its payload: an accepted event must stay
// deliverable. The next run looks at it again.
import type { Tx } from '../db.ts';
import { idLowerBound } from '../dashboard/id-bounds.ts';
import { PURGED_BODY } from './purged-body.ts';

export type BatchResult = { purged: number; lastId: string | null };

// Ids start with their creation time (lib/ids.ts): the id range rides the primary key,
// created_at decides exactly. A minute past the cutoff covers ids minted a moment apart
// from their created_at.
export const ID_MARGIN_MS = 60_000;

export async function purgeEventPayloads(client: Tx, run: { id: number; cutoff: Date }, after: string, batchSize: number): Promise<BatchResult> {
  const bound = idLowerBound('event', new Date(run.cutoff.getTime() + ID_MARGIN_MS));
  const [row] = await client.$queryRaw<{ purged: number; last_id: string | null }[]>`
    with batch as (
      select e.id from events e
       where e.id > ${after} and e.id < ${bound} and e.created_at < ${run.cutoff} and e.payload_purged_at is null
         -- The same id range on deliveries: the planner's merge anti join then starts at
         -- this batch on both indexes, instead of reading every earlier delivery each time.
         and not exists (select 1 from deliveries d
                          where d.event_id = e.id and d.event_id > ${after} and d.event_id < ${bound}
                            and (d.status not in ('succeeded', 'failed') or d.job_token is not null))
       order by e.id
       limit ${batchSize}
         for no key update of e skip locked
    ), purged as (
      update events e set body = ${PURGED_BODY}, payload_purged_at = now() from batch where e.id = batch.id returning e.id
    ), counted as (
      update retention_runs set events_purged = events_purged + (select count(*) from purged) where id = ${run.id}
    )
    select (select count(*) from purged)::int as purged, (select max(id) from batch) as last_id`;
  return { purged: row?.purged ?? 0, lastId: row?.last_id ?? null };
}
