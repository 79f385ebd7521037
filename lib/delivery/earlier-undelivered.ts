// Ordered endpoints get their deliveries in the order events were accepted: a delivery
// waits while an earlier one to the same endpoint is still pending or retrying.
// Returns when to look again (the blocker's next attempt), or null when free to go.
import { db } from '../db.ts';

export async function earlierUndelivered(endpointId: string, delivery: { id: string; createdAt: Date }): Promise<Date | null> {
  const [blocker] = await db().$queryRaw<{ next_attempt_at: Date | null }[]>`
    select next_attempt_at from deliveries
     where endpoint_id = ${endpointId} and status in ('pending', 'retrying')
       and (created_at, id) < (${delivery.createdAt}, ${delivery.id})
     order by created_at, id
     limit 1`;
  if (!blocker) return null;
  return blocker.next_attempt_at ?? new Date();
}
