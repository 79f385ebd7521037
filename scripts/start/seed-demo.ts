// Demo data for `npm start`: a tenant with two endpoints on the demo receiver and a
// login for each role. Idempotent: a second start finds what the first made.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { createTenant } from '@/lib/tenants/create-tenant';
import { createUser } from '@/lib/users/create-user';

export const DEMO_PASSWORD = 'hookline-demo';
export const DEMO_USERS = {
  admin: 'admin@hookline.local',
  member: 'member@hookline.local',
  operator: 'operator@hookline.local',
} as const;

export type Demo = { tenantId: string; apiKey: string; endpoints: { id: string; path: string }[] };

export async function seedDemo(dataDir: string, receiverBase: string): Promise<Demo> {
  const file = path.join(dataDir, 'demo.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Demo) : null;
  if (saved && (await db().tenant.findUnique({ where: { id: saved.tenantId } }))) return saved;

  const existing = await db().tenant.findFirst({ where: { name: 'Demo' } });
  const tenantId = existing?.id ?? (await createTenant({ name: 'Demo' })).tenant.id;
  const apiKey = (await createApiKey(tenantId, 'demo')).apiKey;
  for (const [role, email] of Object.entries(DEMO_USERS)) {
    if (await db().user.findUnique({ where: { email } })) continue;
    await createUser({ email, password: DEMO_PASSWORD, role, tenantId: role === 'operator' ? undefined : tenantId });
  }
  const endpoints = [];
  for (const [urlPath, description, eventTypes] of [
    ['/webhooks/demo', 'Demo receiver (accepts everything)', []],
    ['/webhooks/flaky', 'Flaky receiver (fails twice, then accepts)', ['invoice.paid']],
  ] as const) {
    const found = await db().endpoint.findFirst({ where: { tenantId, url: `${receiverBase}${urlPath}` } });
    const id = found?.id ?? (await createEndpoint(tenantId, { url: `${receiverBase}${urlPath}`, description, eventTypes: [...eventTypes] })).id;
    endpoints.push({ id, path: urlPath });
  }
  const demo = { tenantId, apiKey, endpoints };
  writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return demo;
}
