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
    // Since the first failure after the last success (null while healthy).
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    // Circuit breaker: while not closed, deliveries are held and one probe goes at nextProbeAt.
    circuit: {
      state: endpoint.circuitState,
      consecutiveFailures: endpoint.consecutiveFailures,
      openedAt: endpoint.circuitOpenedAt?.toISOString() ?? null,
      nextProbeAt: endpoint.circuitState === 'closed' ? null : (endpoint.circuitRetryAt?.toISOString() ?? null),
    },
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export type SerializedEndpoint = ReturnType<typeof serializeEndpoint>;
