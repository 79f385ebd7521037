// The canary writes a run, an event, a delivery and an attempt per run (1,440 a day at
// the default interval). Runs are kept 7 days for the operator page's history and the
// last success; the canary's events (their deliveries and attempts cascade) 1 day,
// deleted a bounded batch at a time by the (tenant_id, id) index.
import { db } from '../db.ts';
import { idLowerBound } from '../dashboard/id-bounds.ts';
import { CANARY_TENANT_ID } from './canary-ids.ts';

const RUNS_KEPT_MS = 7 * 86_400_000;
const EVENTS_KEPT_MS = 86_400_000;
const BATCH = 1_000;

export async function pruneCanaryData(): Promise<void> {
  const before = idLowerBound('event', new Date(Date.now() - EVENTS_KEPT_MS));
  await db().$executeRaw`
    delete from events where id in (
      select id from events where tenant_id = ${CANARY_TENANT_ID} and id < ${before} order by id limit ${BATCH})`;
  await db().$executeRaw`delete from canary_runs where started_at < now() - ${RUNS_KEPT_MS} * interval '1 millisecond'`;
}
