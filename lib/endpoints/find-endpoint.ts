import { db, type Tx } from '../db.ts';
import { notFound } from '../errors.ts';

/** The tenant's endpoint, or 404: another tenant's id is indistinguishable from a missing one. */
export async function findEndpoint(tenantId: string, endpointId: string, client: Tx = db()) {
  const endpoint = await client.endpoint.findFirst({ where: { id: endpointId, tenantId } });
  if (!endpoint) throw notFound('endpoint');
  return endpoint;
}
