import { forgetApiKey } from '../auth/authenticate-api-key.ts';
import { db } from '../db.ts';
import { notFound } from '../errors.ts';

export async function revokeApiKey(tenantId: string, apiKeyId: string) {
  const { count } = await db().apiKey.updateMany({ where: { id: apiKeyId, tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound('active API key');
  forgetApiKey(apiKeyId);
}
