// Operational events: what Hookline did on its own that a tenant or an operator should
// know about. Written in the transaction that made the change, so they can't disagree;
// those the operator can subscribe to also go out as operational webhooks, in the same
// transaction (emit-operational-webhook.ts).
import type { Tx } from '../db.ts';
import { newId } from '../ids.ts';
import { emitOperationalWebhook } from './emit-operational-webhook.ts';
import type { OperationalWebhookType } from './schema.ts';

export type OperationalEventType = 'endpoint.disabled' | 'endpoint.circuit_opened' | 'endpoint.circuit_closed';

// Only disabling sends a webhook from here. circuit_closed is recorded in SQL by
// record-attempt.ts, which sends endpoint.recovered itself (emit-recovered-webhooks.ts);
// a mapping here would send a second one were it ever recorded through this function.
const WEBHOOK_TYPE: Partial<Record<OperationalEventType, OperationalWebhookType>> = { 'endpoint.disabled': 'endpoint.disabled' };

/** `traceparent`: the trace of the attempt that caused it, for the webhook it sends. */
export async function recordOperationalEvent(tx: Tx, { traceparent, ...event }: { tenantId: string; endpointId: string; type: OperationalEventType; message: string; traceparent?: string }): Promise<void> {
  await tx.operationalEvent.create({ data: { id: newId('operationalEvent'), ...event } });
  const webhookType = WEBHOOK_TYPE[event.type];
  if (webhookType) await emitOperationalWebhook(tx, { type: webhookType, tenantId: event.tenantId, endpointId: event.endpointId, reason: event.message, traceparent });
}
