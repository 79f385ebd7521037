// `Authorization: Bearer <key>` → the key's tenant. Keys are looked up by their sha256,
// so the plaintext never touches the database or a log.
import { db } from '../db.ts';
import { AppError } from '../errors.ts';
import { hashApiKey } from './api-key.ts';

export type ApiPrincipal = { tenantId: string; apiKeyId: string };

// last_used_at is bumped at most once a minute per key, not on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

// A key that authenticated is trusted again for 5 s without asking the database: one
// statement fewer per request on the ingest path (two → one). Revoking in this process
// takes effect at once (forgetApiKey); in another app process within 5 s. Failures are
// never remembered, so guessing fills nothing.
const TRUST_MS = 5_000;
const MAX_TRUSTED = 10_000;
type Trusted = ApiPrincipal & { until: number; lastUsedAt: number };
const trusted = new Map<string, Trusted>();

export async function authenticateApiKey(authorization: string | null): Promise<ApiPrincipal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new AppError('unauthorized', 'missing API key: send "Authorization: Bearer <api key>"');
  const keyHash = hashApiKey(match[1]!);
  const now = Date.now();
  const known = trusted.get(keyHash);
  if (known && known.until > now && now - known.lastUsedAt <= LAST_USED_RESOLUTION_MS) return { tenantId: known.tenantId, apiKeyId: known.apiKeyId };
  trusted.delete(keyHash);
  const key = await db().apiKey.findUnique({
    where: { keyHash },
    select: { id: true, tenantId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || key.revokedAt) throw new AppError('unauthorized', 'invalid or revoked API key');
  let lastUsedAt = key.lastUsedAt?.getTime() ?? 0;
  if (now - lastUsedAt > LAST_USED_RESOLUTION_MS) {
    await db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
    lastUsedAt = now;
  }
  if (trusted.size >= MAX_TRUSTED) trusted.delete(trusted.keys().next().value!);
  trusted.set(keyHash, { tenantId: key.tenantId, apiKeyId: key.id, until: now + TRUST_MS, lastUsedAt });
  return { tenantId: key.tenantId, apiKeyId: key.id };
}

/** Revoked or deleted: not trusted from memory any more (in this process). */
export function forgetApiKey(apiKeyId: string): void {
  for (const [hash, entry] of trusted) if (entry.apiKeyId === apiKeyId) trusted.delete(hash);
}
