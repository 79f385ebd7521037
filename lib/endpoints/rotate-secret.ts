import { db } from '../db.ts';
import { env } from '../env.ts';
import { encryptSecret } from '../crypto/encryption.ts';
import { newId } from '../ids.ts';
import { generateSecret } from '../signing/secret.ts';
import { findEndpoint } from './find-endpoint.ts';
import { ZRotateSecret } from './schema.ts';

/**
 * A new current secret; the old current one keeps signing (a second `v1,` entry) until
 * the grace ends, so consumers can deploy the new secret without dropping a webhook.
 */
export async function rotateSecret(tenantId: string, endpointId: string, body: unknown) {
  const { graceHours } = ZRotateSecret.parse(body ?? {});
  const secret = generateSecret();
  const now = new Date();
  const previousExpiresAt = new Date(now.getTime() + graceHours * 3_600_000);
  await db().$transaction(async (tx) => {
    const endpoint = await findEndpoint(tenantId, endpointId, tx);
    // Concurrent rotations take turns, so each retires the secret the last one made
    // current; without the lock both kept theirs (expires_at null) signing forever.
    await tx.$executeRaw`select 1 from endpoints where id = ${endpoint.id} for update`;
    await tx.endpointSecret.updateMany({ where: { endpointId: endpoint.id, expiresAt: null }, data: { expiresAt: previousExpiresAt } });
    // Older secrets still in grace never outlive the one just rotated out.
    await tx.endpointSecret.updateMany({
      where: { endpointId: endpoint.id, expiresAt: { gt: previousExpiresAt } },
      data: { expiresAt: previousExpiresAt },
    });
    await tx.endpointSecret.create({
      data: { id: newId('secret'), endpointId: endpoint.id, ciphertext: encryptSecret(secret, env().HOOKLINE_ENCRYPTION_KEY) },
    });
  });
  return { secret, previousSecretExpiresAt: previousExpiresAt.toISOString() };
}
