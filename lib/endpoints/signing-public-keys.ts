// An Ed25519 endpoint's public keys that verify right now: the current one and rotated-out
// ones still in grace, newest first. Public keys are stored in clear; the private halves
// are never read here.
import { db } from '../db.ts';

export type SigningPublicKey = { publicKey: string; createdAt: Date; expiresAt: Date | null };

export async function signingPublicKeys(endpointId: string, now = new Date()): Promise<SigningPublicKey[]> {
  const rows = await db().endpointSecret.findMany({
    where: { endpointId, scheme: 'ed25519', OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: [{ expiresAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: { publicKey: true, createdAt: true, expiresAt: true },
  });
  return rows.map((row) => ({ publicKey: row.publicKey ?? '', createdAt: row.createdAt, expiresAt: row.expiresAt }));
}
