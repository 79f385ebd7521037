import { db } from '../db.ts';
import { env } from '../env.ts';
import { encryptSecret } from '../crypto/encryption.ts';
import { newId } from '../ids.ts';
import { generateSecret } from '../signing/secret.ts';
import { assertUrlAllowed } from './assert-url-allowed.ts';
import { ZCreateEndpoint } from './schema.ts';
import { serializeEndpoint } from './serialize-endpoint.ts';

/** Registers an endpoint with a fresh signing secret, returned this once in plaintext. */
export async function createEndpoint(tenantId: string, body: unknown) {
  const input = ZCreateEndpoint.parse(body);
  await assertUrlAllowed(input.url);
  const secret = generateSecret();
  const endpoint = await db().endpoint.create({
    data: {
      id: newId('endpoint'),
      tenantId,
      ...input,
      secrets: {
        create: { id: newId('secret'), ciphertext: encryptSecret(secret, env().HOOKLINE_ENCRYPTION_KEY) },
      },
    },
  });
  return { ...serializeEndpoint(endpoint), secret };
}
