// An endpoint that has failed for ENDPOINT_DISABLE_AFTER (5 days by default) with no
// success in between is disabled, with the reason shown. A success clears failing_since
// (record-attempt.ts), which restarts the clock.
import type { Tx } from '../db.ts';

/** Returns true when this failure is the one that disabled the endpoint. */
export async function recordEndpointFailure(tx: Tx, endpointId: string, disableAfterMs: number): Promise<boolean> {
  // In SET, failing_since is the value before this update; now() is this transaction's time.
  const rows = await tx.$queryRaw<{ just_disabled: boolean }[]>`
    update endpoints
       set failing_since = coalesce(failing_since, now()),
           disabled_at = case when disabled_at is null and failing_since <= now() - ${disableAfterMs} * interval '1 millisecond'
                              then now() else disabled_at end,
           disabled_reason = case when disabled_at is null and failing_since <= now() - ${disableAfterMs} * interval '1 millisecond'
                              then 'failing without a success since ' || to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
                              else disabled_reason end
     where id = ${endpointId}
    returning disabled_at = now() as just_disabled`;
  return rows[0]?.just_disabled === true;
}
