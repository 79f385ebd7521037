import { db } from '../db.ts';
import { findEndpoint } from './find-endpoint.ts';
import { newSigningKey, type NewSigningKey } from './new-signing-key.ts';
import { ZRotateSecret } from './schema.ts';

/**
 * A new current secret; the old current one keeps signing (a second `v1,` entry) until
 * the grace ends, so consumers can deploy the new secret without dropping a webhook.
 * An Ed25519 endpoint gets a new key pair the same way (two `v1a,` entries during the
 * grace) and is shown the new public key; its private keys are never returned.
 */
export async function rotateSecret(tenantId: string, endpointId: string, body: unknown) {
  const { graceHours } = ZRotateSecret.parse(body ?? {});
  const now = new Date();
  const previousExpiresAt = new Date(now.getTime() + graceHours * 3_600_000);
  const key: NewSigningKey = await db().$transaction(async (tx) => {
    const endpoint = await findEndpoint(tenantId, endpointId, tx);
    const created = newSigningKey(endpoint.signatureScheme);
    // Concurrent rotations take turns, so each retires the secret the last one made
    // current; without the lock both kept theirs (expires_at null) signing forever.
    await tx.$executeRaw`select 1 from endpoints where id = ${endpoint.id} for update`;
    await tx.endpointSecret.updateMany({ where: { endpointId: endpoint.id, expiresAt: null }, data: { expiresAt: previousExpiresAt } });
    // Older secrets still in grace never outlive the one just rotated out.
    await tx.endpointSecret.updateMany({
      where: { endpointId: endpoint.id, expiresAt: { gt: previousExpiresAt } },
      data: { expiresAt: previousExpiresAt },
    });
    await tx.endpointSecret.create({ data: { ...created.row, endpointId: endpoint.id } });
    return created;
  });
  const previousSecretExpiresAt = previousExpiresAt.toISOString();
  if ('publicKey' in key.shown) return { scheme: 'ed25519' as const, publicKey: key.shown.publicKey, previousSecretExpiresAt };
  return { secret: key.shown.secret, previousSecretExpiresAt };
}
