// POST /endpoints/:id/recover — after an outage, one more attempt for every delivery
// to this endpoint that failed for good since `since`.
import type { Tx } from '../db.ts';
import { db } from '../db.ts';
import { AppError } from '../errors.ts';
import { enqueueDeliveries } from '../queue/enqueue-deliveries.ts';
import { findEndpoint } from './find-endpoint.ts';
import { ZRecoverEndpoint } from './schema.ts';

const BATCH = 1_000;

export async function recoverEndpoint(tenantId: string, endpointId: string, body: unknown) {
  const input = ZRecoverEndpoint.parse(body);
  const since = new Date(input.since);
  const until = input.until ? new Date(input.until) : new Date();
  return db().$transaction(async (tx) => {
    const endpoint = await findEndpoint(tenantId, endpointId, tx);
    if (endpoint.disabledAt) throw new AppError('conflict', 'the endpoint is disabled; enable it before recovering');
    const rows = await requeueFailed(tx, endpoint.id, since, until);
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await enqueueDeliveries(tx, batch.map((r) => ({ deliveryId: r.id, token: r.job_token, trigger: 'manual' as const })));
    }
    return { recovered: rows.length, since: since.toISOString(), until: until.toISOString() };
  });
}

function requeueFailed(tx: Tx, endpointId: string, since: Date, until: Date) {
  return tx.$queryRaw<{ id: string; job_token: string }[]>`
    update deliveries
       set job_token = md5(random()::text || clock_timestamp()::text || id),
           next_attempt_at = now(), updated_at = now()
     where endpoint_id = ${endpointId} and status = 'failed'
       and created_at >= ${since} and created_at < ${until}
    returning id, job_token`;
}
