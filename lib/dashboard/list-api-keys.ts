// A tenant's API keys as a list shows them: name and prefix, never the hash.
import { db } from '../db.ts';

export async function listApiKeys(tenantId: string) {
  const keys = await db().apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' } });
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

export type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];
