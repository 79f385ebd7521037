// Deliveries across every tenant: what is still to do (pending, retrying: all of them,
// whatever their age) and how the last 24 hours ended (succeeded, failed). Tenants'
// deliveries only: the canary's (lib/canary) have their card on the page, and the
// operator's own operational webhooks are not the tenants' traffic (their endpoints
// still show under endpoints needing attention).
import { db } from '../db.ts';
import { idLowerBound } from '../dashboard/id-bounds.ts';
import { SYSTEM_TENANT_IDS } from '../tenants/system-tenants.ts';

export type DeliveryStats = {
  pending: number;
  retrying: number;
  succeeded24h: number;
  failed24h: number;
  /** Age of the oldest delivery still pending or retrying. */
  oldestActiveAgeMs: number | null;
};

type ActiveRow = { pending: number; retrying: number; oldest_age_ms: number | null };
type DoneRow = { succeeded: number; failed: number };

export async function deliveryStats(): Promise<DeliveryStats> {
  // Ids start with their creation time: the 24 h window is an id range on the primary key.
  const fromId = idLowerBound('delivery', new Date(Date.now() - 24 * 3_600_000));
  const [[active], [done]] = await Promise.all([
    db().$queryRaw<ActiveRow[]>`
      select count(*) filter (where status = 'pending')::int as pending,
             count(*) filter (where status = 'retrying')::int as retrying,
             (extract(epoch from now() - min(created_at)) * 1000)::float8 as oldest_age_ms
        from deliveries
       where status in ('pending', 'retrying') and tenant_id <> all(${SYSTEM_TENANT_IDS}::text[])`,
    db().$queryRaw<DoneRow[]>`
      select count(*) filter (where status = 'succeeded')::int as succeeded,
             count(*) filter (where status = 'failed')::int as failed
        from deliveries
       where id >= ${fromId} and status in ('succeeded', 'failed') and tenant_id <> all(${SYSTEM_TENANT_IDS}::text[])`,
  ]);
  return {
    pending: active!.pending,
    retrying: active!.retrying,
    succeeded24h: done!.succeeded,
    failed24h: done!.failed,
    oldestActiveAgeMs: active!.oldest_age_ms === null ? null : Math.max(0, Math.round(active!.oldest_age_ms)),
  };
}
