import { findEndpoint } from './find-endpoint.ts';
import { signingSecrets } from './signing-secrets.ts';

/** GET /endpoints/:id/secret — the current secret and those still in their rotation grace. */
export async function getEndpointSecrets(tenantId: string, endpointId: string) {
  const endpoint = await findEndpoint(tenantId, endpointId);
  const secrets = await signingSecrets(endpoint.id);
  const [current, ...previous] = secrets;
  return {
    secret: current?.secret ?? null,
    previous: previous.map((s) => ({ secret: s.secret, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt?.toISOString() ?? null })),
  };
}
