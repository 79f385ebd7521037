import { db } from '../db.ts';
import { newId } from '../ids.ts';
import { assertUrlAllowed } from './assert-url-allowed.ts';
import { newSigningKey } from './new-signing-key.ts';
import { ZCreateEndpoint } from './schema.ts';
import { serializeEndpoint, type SerializedEndpoint } from './serialize-endpoint.ts';
import { toDbScheme } from './signature-scheme.ts';

/**
 * Registers an endpoint with a fresh signing key: a whsec_ secret returned this once in
 * plaintext, or for Ed25519 the whpk_ public key (the private key is never returned).
 */
export async function createEndpoint<B>(tenantId: string, body: B): Promise<CreatedEndpoint<B>> {
  const { signatureScheme, ...input } = ZCreateEndpoint.parse(body);
  await assertUrlAllowed(input.url);
  const key = newSigningKey(toDbScheme(signatureScheme));
  const endpoint = await db().endpoint.create({
    data: {
      id: newId('endpoint'),
      tenantId,
      ...input,
      signatureScheme: key.row.scheme,
      secrets: { create: key.row },
    },
  });
  return { ...serializeEndpoint(endpoint), ...key.shown } as CreatedEndpoint<B>;
}

type WithSecret = SerializedEndpoint & { secret: string };
type WithPublicKey = SerializedEndpoint & { publicKey: string };
// Typed callers learn which one they get from their own input; unparsed JSON gets either.
export type CreatedEndpoint<B> = unknown extends B
  ? WithSecret | WithPublicKey
  : B extends { signatureScheme: 'ed25519' }
    ? WithPublicKey
    : B extends { signatureScheme: 'hmac-sha256' }
      ? WithSecret
      : 'signatureScheme' extends keyof B
        ? WithSecret | WithPublicKey
        : WithSecret;
