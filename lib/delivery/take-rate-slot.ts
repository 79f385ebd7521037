// rateLimitPerSecond, enforced across every worker: endpoints.rate_next_at is the
// earliest start of the next attempt. Taking a slot moves it 1/rate ahead; a job
// that finds it in the future waits until then (deferred, no attempt recorded).
import { db } from '../db.ts';

/** null: go now (the slot is taken). A Date: not before then. */
export async function takeRateSlot(endpointId: string, ratePerSecond: number): Promise<Date | null> {
  const taken = await db().$queryRaw<unknown[]>`
    update endpoints
       set rate_next_at = greatest(coalesce(rate_next_at, now()), now()) + ${1000 / ratePerSecond} * interval '1 millisecond'
     where id = ${endpointId} and (rate_next_at is null or rate_next_at <= now())
    returning 1`;
  if (taken.length > 0) return null;
  const [row] = await db().$queryRaw<{ rate_next_at: Date | null }[]>`select rate_next_at from endpoints where id = ${endpointId}`;
  return row?.rate_next_at ?? null;
}
