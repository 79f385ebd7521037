import { findEndpoint } from './find-endpoint.ts';
import { signingPublicKeys } from './signing-public-keys.ts';
import { signingSecrets } from './signing-secrets.ts';

/** GET /endpoints/:id/secret — the current secret and those still in their rotation grace. */
export async function getEndpointSecrets(tenantId: string, endpointId: string) {
  const endpoint = await findEndpoint(tenantId, endpointId);
  // Ed25519: the public keys only. The whsk_ private keys never leave the database and the worker.
  if (endpoint.signatureScheme === 'ed25519') {
    const [current, ...previous] = await signingPublicKeys(endpoint.id);
    return {
      scheme: 'ed25519' as const,
      publicKey: current?.publicKey ?? null,
      previous: previous.map((k) => ({ publicKey: k.publicKey, createdAt: k.createdAt.toISOString(), expiresAt: k.expiresAt?.toISOString() ?? null })),
    };
  }
  const secrets = await signingSecrets(endpoint.id);
  const [current, ...previous] = secrets;
  return {
    secret: current?.secret ?? null,
    previous: previous.map((s) => ({ secret: s.secret, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt?.toISOString() ?? null })),
  };
}
