// `Authorization: Bearer <key>` → the key's tenant. Keys are looked up by their sha256,
// so the plaintext never touches the database or a log.
import { db } from '../db.ts';
import { AppError } from '../errors.ts';
import { hashApiKey } from './api-key.ts';

export type ApiPrincipal = { tenantId: string; apiKeyId: string };

// last_used_at is bumped at most once a minute per key, not on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiKey(authorization: string | null): Promise<ApiPrincipal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new AppError('unauthorized', 'missing API key: send "Authorization: Bearer <api key>"');
  const key = await db().apiKey.findUnique({
    where: { keyHash: hashApiKey(match[1]!) },
    select: { id: true, tenantId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) throw new AppError('unauthorized', 'invalid or revoked API key');
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return { tenantId: key.tenantId, apiKeyId: key.id };
}
