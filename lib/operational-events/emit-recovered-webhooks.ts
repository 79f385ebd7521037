// endpoint.recovered for circuits a batch of successes closed. record-attempt.ts records
// successes in one statement without a transaction (the hot path), so these follow it
// in their own short transaction, only when a circuit did close: a worker killed in
// between loses the webhook (the operational event row and the closing are committed).
import { db } from '../db.ts';
import { logger } from '../observability/logger.ts';
import { emitOperationalWebhook } from './emit-operational-webhook.ts';

const REASON = 'Circuit closed: an attempt succeeded, held deliveries go now';

/** `traceparent`: the trace of the success that closed the circuit. */
export async function emitRecoveredWebhooks(closings: { endpointId: string; traceparent?: string }[]): Promise<void> {
  const seen = new Set<string>();
  for (const { endpointId, traceparent } of closings) {
    if (seen.has(endpointId)) continue;
    seen.add(endpointId);
    // Never thrown: the successes are recorded, and a throw would make the job run again.
    await db()
      .$transaction((tx) => emitOperationalWebhook(tx, { type: 'endpoint.recovered', endpointId, reason: REASON, traceparent }))
      .catch((error: unknown) => logger.error({ err: error, endpointId }, 'endpoint.recovered webhook could not be queued'));
  }
}
