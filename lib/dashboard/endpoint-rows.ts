// The endpoints table: each endpoint with its 24 h health. Tenants have tens of
// endpoints, not thousands, so one page of 250 is the whole list.
import { listEndpoints } from '../endpoints/list-endpoints.ts';
import { endpointHealth } from './endpoint-health.ts';

export async function listEndpointRows(tenantId: string) {
  const [page, health] = await Promise.all([listEndpoints(tenantId, { limit: '250' }), endpointHealth(tenantId)]);
  return page.data.map((endpoint) => ({ ...endpoint, health: health.get(endpoint.id) ?? null }));
}

export type EndpointRow = Awaited<ReturnType<typeof listEndpointRows>>[number];
