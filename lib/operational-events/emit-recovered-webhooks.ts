// endpoint.recovered for circuits a batch of successes closed. record-attempt.ts records
// successes in one statement without a transaction (the hot path), so these follow it
// in their own short transaction, only when a circuit did close: a worker killed in
// between loses the webhook (the operational event row and the closing are committed).
import { db } from '../db.ts';
import { logger } from '../observability/logger.ts';
import { emitOperationalWebhook } from './emit-operational-webhook.ts';

const REASON = 'Circuit closed: an attempt succeeded, held deliveries go now';

export async function emitRecoveredWebhooks(endpointIds: string[]): Promise<void> {
  for (const endpointId of new Set(endpointIds)) {
    // Never thrown: the successes are recorded, and a throw would make the job run again.
    await db()
      .$transaction((tx) => emitOperationalWebhook(tx, { type: 'endpoint.recovered', endpointId, reason: REASON }))
      .catch((error: unknown) => logger.error({ err: error, endpointId }, 'endpoint.recovered webhook could not be queued'));
  }
}
