// The API's view of an endpoint. Secrets are never part of it (see get-endpoint-secrets.ts).
import type { Endpoint } from '../generated/prisma/client.ts';

export function serializeEndpoint(endpoint: Endpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    rateLimitPerSecond: endpoint.rateLimitPerSecond,
    ordered: endpoint.ordered,
    disabled: endpoint.disabledAt !== null,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export type SerializedEndpoint = ReturnType<typeof serializeEndpoint>;
