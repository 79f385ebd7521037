import { db } from '../db.ts';
import { findEndpoint } from './find-endpoint.ts';

/**
 * Deletes the endpoint with its secrets and delivery history. Jobs already queued for
 * it find no delivery and end without sending (attempt-delivery.ts).
 */
export async function deleteEndpoint(tenantId: string, endpointId: string): Promise<void> {
  const endpoint = await findEndpoint(tenantId, endpointId);
  await db().endpoint.delete({ where: { id: endpoint.id } });
}
