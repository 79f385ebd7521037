// The API's view of an endpoint. Secrets are never part of it (see get-endpoint-secrets.ts).
import type { Endpoint } from '../generated/prisma/client.ts';
import type { TEndpoint } from './schema.ts';
import { toApiScheme } from './signature-scheme.ts';

// The return type is the documented response schema (schema.ts, lib/openapi): a field
// added here must be added there too, or this fails to compile.
export function serializeEndpoint(endpoint: Endpoint): TEndpoint {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    rateLimitPerSecond: endpoint.rateLimitPerSecond,
    ordered: endpoint.ordered,
    // 'hmac-sha256' (`v1,` signatures) or 'ed25519' (`v1a,`).
    signatureScheme: toApiScheme(endpoint.signatureScheme),
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
