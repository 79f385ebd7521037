// One batch of retention for attempts: up to `batchSize` attempts started before the
// cutoff lose the response body they kept (response_body null, body_purged_at stamped),
// in one short statement, id order after `after`, SKIP LOCKED (purge-event-payloads.ts).
// The request body was the event's, purged with it; headers (status, signature) stay.
// One statement is enough here: whether a body may go depends on its own row alone, not
// on deliveries another transaction may be changing (purge-event-payloads.ts).
import type { Tx } from '../db.ts';
import { idLowerBound } from '../dashboard/id-bounds.ts';
import { ID_MARGIN_MS, type BatchResult } from './purge-event-payloads.ts';

export async function purgeAttemptBodies(client: Tx, run: { id: number; cutoff: Date }, after: string, batchSize: number): Promise<BatchResult> {
  const bound = idLowerBound('attempt', new Date(run.cutoff.getTime() + ID_MARGIN_MS));
  const [row] = await client.$queryRaw<{ purged: number; last_id: string | null }[]>`
    with batch as (
      select a.id from attempts a
       where a.id > ${after} and a.id < ${bound} and a.started_at < ${run.cutoff}
         and a.body_purged_at is null and a.response_body is not null
       order by a.id
       limit ${batchSize}
         for no key update of a skip locked
    ), purged as (
      update attempts a set response_body = null, body_purged_at = now() from batch where a.id = batch.id returning a.id
    ), counted as (
      update retention_runs set attempts_purged = attempts_purged + (select count(*) from purged) where id = ${run.id}
    )
    select (select count(*) from purged)::int as purged, (select max(id) from batch) as last_id`;
  return { purged: row?.purged ?? 0, taken: row?.purged ?? 0, lastId: row?.last_id ?? null };
}
