// An endpoint for its page: settings, health (24 h traffic, the breaker), secret versions
// (no values) and its recent operational events.
import { findEndpoint } from '../endpoints/find-endpoint.ts';
import { serializeEndpoint } from '../endpoints/serialize-endpoint.ts';
import { endpointHealth } from './endpoint-health.ts';
import { endpointOperationalEvents } from './endpoint-operational-events.ts';
import { secretVersions } from './secret-versions.ts';

export async function getEndpointDetail(tenantId: string, endpointId: string) {
  const endpoint = serializeEndpoint(await findEndpoint(tenantId, endpointId));
  const [health, secrets, operationalEvents] = await Promise.all([
    endpointHealth(tenantId),
    secretVersions(tenantId, endpointId),
    endpointOperationalEvents(tenantId, endpoint.id),
  ]);
  return { ...endpoint, health: health.get(endpoint.id) ?? null, secrets, operationalEvents };
}

export type EndpointDetail = Awaited<ReturnType<typeof getEndpointDetail>>;
