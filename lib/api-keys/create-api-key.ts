import { db, type Tx } from '../db.ts';
import { generateApiKey } from '../auth/api-key.ts';
import { newId } from '../ids.ts';

/** A new API key for the tenant. The plaintext is returned this once; only its hash is kept. */
export async function createApiKey(tenantId: string, name = 'default', client: Tx = db()) {
  const { key, prefix, hash } = generateApiKey();
  const row = await client.apiKey.create({ data: { id: newId('apiKey'), tenantId, name, prefix, keyHash: hash } });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt.toISOString(), apiKey: key };
}
