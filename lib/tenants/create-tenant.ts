import { createApiKey } from '../api-keys/create-api-key.ts';
import { db } from '../db.ts';
import { newId } from '../ids.ts';
import { ZCreateTenant } from './schema.ts';

/** A tenant and its first API key (shown once). */
export async function createTenant(input: unknown) {
  const { name } = ZCreateTenant.parse(input);
  return db().$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { id: newId('tenant'), name } });
    const key = await createApiKey(tenant.id, 'default', tx);
    return { tenant: { id: tenant.id, name: tenant.name }, apiKey: key.apiKey };
  });
}
