// A fresh signing key for an endpoint, as the endpoint_secrets row stores it and as the
// caller is shown it: an HMAC endpoint gets a whsec_ secret (shown once); an Ed25519
// endpoint gets a key pair whose private half is stored encrypted and never shown.
import type { SignatureScheme } from '../generated/prisma/client.ts';
import { encryptSecret } from '../crypto/encryption.ts';
import { env } from '../env.ts';
import { newId } from '../ids.ts';
import { generateSecret } from '../signing/secret.ts';
import { generateEd25519KeyPair } from '../signing/sign-ed25519.ts';

export type NewSigningKey = {
  row: { id: string; scheme: SignatureScheme; ciphertext: string; publicKey: string | null };
  shown: { secret: string } | { publicKey: string };
};

export function newSigningKey(scheme: SignatureScheme): NewSigningKey {
  const key = env().HOOKLINE_ENCRYPTION_KEY;
  if (scheme === 'ed25519') {
    const { secretKey, publicKey } = generateEd25519KeyPair();
    return { row: { id: newId('secret'), scheme, ciphertext: encryptSecret(secretKey, key), publicKey }, shown: { publicKey } };
  }
  const secret = generateSecret();
  return { row: { id: newId('secret'), scheme, ciphertext: encryptSecret(secret, key), publicKey: null }, shown: { secret } };
}
