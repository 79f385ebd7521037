import { db, type Tx } from '../db.ts';
import { generateApiKey } from '../auth/api-key.ts';
import { notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { isSystemTenant } from '../tenants/system-tenants.ts';

/** A new API key for the tenant. The plaintext is returned this once; only its hash is kept. */
export async function createApiKey(tenantId: string, name = 'default', client: Tx = db()) {
  // Hookline's own tenants take no key: one for the operator's would let its holder send
  // events that look like operational webhooks. A 404, as they are to everyone else.
  if (isSystemTenant(tenantId)) throw notFound('tenant');
  const { key, prefix, hash } = generateApiKey();
  const row = await client.apiKey.create({ data: { id: newId('apiKey'), tenantId, name, prefix, keyHash: hash } });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt.toISOString(), apiKey: key };
}
