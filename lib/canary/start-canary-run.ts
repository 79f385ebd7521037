// Starts one canary run: a run row first (its started_at is the latency's start, and
// the receiver may answer before this function returns), then the canary event through
// the producer's own path (createEvent: backpressure, fan-out SQL, the job), minus HTTP.
// A refusal (queue_full) or an endpoint that took no delivery fails the run at once.
import { db } from '../db.ts';
import { createEvent } from '../events/create-event.ts';
import { CANARY_EVENT_TYPE, CANARY_TENANT_ID } from './canary-ids.ts';

export type StartedRun = { runId: number; eventId: string | null; error: string | null };

export async function startCanaryRun(): Promise<StartedRun> {
  const [run] = await db().$queryRaw<{ id: number }[]>`insert into canary_runs default values returning id`;
  const runId = run!.id;
  let eventId: string | null = null;
  let error: string | null = null;
  try {
    const { event } = await createEvent(CANARY_TENANT_ID, { type: CANARY_EVENT_TYPE, data: { canaryRunId: runId } }, null);
    eventId = event.id;
    if (event.deliveries.length === 0) error = 'the canary endpoint took no delivery';
  } catch (cause) {
    error = `the event was not accepted: ${(cause as Error).message}`;
  }
  await db().$executeRaw`
    update canary_runs set event_id = ${eventId},
           ok = case when ${error}::text is null then ok else false end, error = coalesce(${error}, error)
     where id = ${runId}`;
  return { runId, eventId, error };
}
