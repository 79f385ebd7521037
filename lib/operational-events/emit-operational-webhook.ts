// Operational webhooks: when Hookline disables an endpoint, gives up on a delivery or sees
// an endpoint recover, it also sends an event of that type to the operator's endpoints —
// an ordinary event in the operator tenant, stored and fanned out by the ingest path's
// own function (fanOutEvent), so it is signed, retried and logged like any other. Called
// inside the transaction that made the change, so the two commit together.
//
// Cost when nobody listens: one indexed query (the operator tenant has no enabled
// endpoint for the type: no row) between a savepoint and its release, and nothing at
// all for the system tenants' own endpoints, which never emit (an operator endpoint
// failing must not feed itself).
import type { Tx } from '../db.ts';
import { fanOutEvent } from '../events/fan-out-event.ts';
import { logger } from '../observability/logger.ts';
import { isSystemTenant, SYSTEM_TENANT_IDS } from '../tenants/system-tenants.ts';
import { OPERATOR_TENANT_ID } from './operator-ids.ts';
import type { OperationalWebhookType } from './schema.ts';

export type OperationalWebhook = {
  type: OperationalWebhookType;
  endpointId: string;
  /** The tenant, when the caller knows it: a system tenant's change then costs no query. */
  tenantId?: string;
  /** delivery.exhausted: the delivery that ran out of attempts. */
  deliveryId?: string;
  reason: string;
  /** The trace of the attempt that caused it (its job's), which the webhook's own attempts join. */
  traceparent?: string;
};

type Row = {
  tenant_id: string;
  url: string;
  failing_since: Date | null;
  event_id: string | null;
  event_type: string | null;
  attempt_count: number | null;
  attempt_id: string | null;
  attempt_started_at: Date | null;
  attempt_status_code: number | null;
  attempt_error_class: string | null;
};

/** Queues the webhook (returns its event id), or null when no operator endpoint wants it. */
export async function emitOperationalWebhook(tx: Tx, webhook: OperationalWebhook): Promise<string | null> {
  if (webhook.tenantId && isSystemTenant(webhook.tenantId)) return null;
  // A savepoint around all of it, the lookup included: if any of it fails (a statement
  // timeout, a refused insert), the change that caused it (an attempt's record) still
  // commits; the webhook is lost and logged, rather than the attempt made (and the
  // tenant's endpoint sent the same event) again.
  await tx.$executeRawUnsafe('savepoint operational_webhook');
  try {
    const event = await queueWebhook(tx, webhook);
    await tx.$executeRawUnsafe('release savepoint operational_webhook');
    if (event) logger.debug({ operationalWebhookId: event.id, type: webhook.type, deliveries: event.deliveries.length }, 'operational webhook queued');
    return event?.id ?? null;
  } catch (error) {
    await tx.$executeRawUnsafe('rollback to savepoint operational_webhook');
    logger.error({ err: error, type: webhook.type }, 'operational webhook could not be queued');
    return null;
  }
}

async function queueWebhook(tx: Tx, webhook: OperationalWebhook) {
  const [row] = await tx.$queryRaw<Row[]>`
    select ep.tenant_id, ep.url, ep.failing_since, d.event_id, e.type as event_type, d.attempt_count,
           a.id as attempt_id, a.started_at as attempt_started_at, a.status_code as attempt_status_code, a.error_class as attempt_error_class
      from endpoints ep
      left join deliveries d on d.id = ${webhook.deliveryId ?? null}::text and d.endpoint_id = ep.id
      left join events e on e.id = d.event_id
      left join lateral (select id, started_at, status_code, error_class from attempts where delivery_id = d.id order by number desc limit 1) a on true
     where ep.id = ${webhook.endpointId} and ep.tenant_id <> all(${SYSTEM_TENANT_IDS}::text[])
       and exists (select 1 from endpoints o
                    where o.tenant_id = ${OPERATOR_TENANT_ID} and o.disabled_at is null
                      and (cardinality(o.event_types) = 0 or ${webhook.type} = any(o.event_types)))`;
  if (!row) return null;
  return fanOutEvent({ tenantId: OPERATOR_TENANT_ID, type: webhook.type, data: payloadData(webhook, row), idempotencyKey: null, requestHash: null, traceparent: webhook.traceparent }, tx);
}

// Field names follow Svix's operational webhooks where they overlap (endpointId,
// failSince, trigger, lastAttempt.responseStatusCode); docs/operational-webhooks.md.
function payloadData(webhook: OperationalWebhook, row: Row): Record<string, unknown> {
  const common = { tenantId: row.tenant_id, endpointId: webhook.endpointId, endpointUrl: row.url };
  const occurredAt = new Date().toISOString();
  switch (webhook.type) {
    case 'endpoint.disabled':
      return { ...common, trigger: 'automatic', failSince: row.failing_since?.toISOString() ?? null, reason: webhook.reason, occurredAt };
    case 'endpoint.recovered':
      return { ...common, reason: webhook.reason, occurredAt };
    case 'delivery.exhausted':
      return {
        ...common,
        deliveryId: webhook.deliveryId,
        eventId: row.event_id,
        eventType: row.event_type,
        attempts: row.attempt_count,
        lastAttempt: row.attempt_id
          ? { id: row.attempt_id, timestamp: row.attempt_started_at!.toISOString(), responseStatusCode: row.attempt_status_code, errorClass: row.attempt_error_class }
          : null,
        reason: webhook.reason,
        occurredAt,
      };
  }
}
