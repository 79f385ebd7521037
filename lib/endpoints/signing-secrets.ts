// HMAC secrets that sign right now: the current one and rotated-out ones still in grace,
// newest first. Decrypted only here and in the secret reveal. Ed25519 private keys are
// never read here (the worker alone decrypts them, lib/delivery/load-delivery.ts).
import { db, type Tx } from '../db.ts';
import { env } from '../env.ts';
import { decryptSecret } from '../crypto/encryption.ts';

export type SigningSecret = { id: string; secret: string; createdAt: Date; expiresAt: Date | null };

export async function signingSecrets(endpointId: string, now = new Date(), client: Tx = db()): Promise<SigningSecret[]> {
  const rows = await client.endpointSecret.findMany({
    where: { endpointId, scheme: 'hmac_sha256', OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    // The current secret (no expiry) first, then rotated-out ones, newest first.
    orderBy: [{ expiresAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    omit: { ciphertext: false },
  });
  const key = env().HOOKLINE_ENCRYPTION_KEY;
  return rows.map((row) => ({
    id: row.id,
    secret: decryptSecret(row.ciphertext, key),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  }));
}
