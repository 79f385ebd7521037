// An endpoint for its page: settings, 24 h health and secret versions (no values).
import { findEndpoint } from '../endpoints/find-endpoint.ts';
import { serializeEndpoint } from '../endpoints/serialize-endpoint.ts';
import { endpointHealth } from './endpoint-health.ts';
import { secretVersions } from './secret-versions.ts';

export async function getEndpointDetail(tenantId: string, endpointId: string) {
  const endpoint = serializeEndpoint(await findEndpoint(tenantId, endpointId));
  const [health, secrets] = await Promise.all([endpointHealth(tenantId), secretVersions(tenantId, endpointId)]);
  return { ...endpoint, health: health.get(endpoint.id) ?? null, secrets };
}

export type EndpointDetail = Awaited<ReturnType<typeof getEndpointDetail>>;
