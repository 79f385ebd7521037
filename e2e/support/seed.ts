// Seeds what every e2e test relies on, through the same lib functions the `hookline`
// command uses: two tenants (with API keys) and users in each role. Prints JSON.
import { disconnectDb } from '@/lib/db';
import { createTenant } from '@/lib/tenants/create-tenant';
import { createUser } from '@/lib/users/create-user';

export const PASSWORD = 'correct-horse-battery';

async function main() {
  const acme = await createTenant({ name: 'Acme' });
  const globex = await createTenant({ name: 'Globex' });
  const users = {
    acmeAdmin: { email: 'admin@acme.test', role: 'admin', tenantId: acme.tenant.id },
    acmeMember: { email: 'member@acme.test', role: 'member', tenantId: acme.tenant.id },
    globexMember: { email: 'member@globex.test', role: 'member', tenantId: globex.tenant.id },
    operator: { email: 'operator@hookline.test', role: 'operator' },
  } as const;
  for (const user of Object.values(users)) await createUser({ ...user, password: PASSWORD });
  const seed = {
    password: PASSWORD,
    acme: { id: acme.tenant.id, apiKey: acme.apiKey },
    globex: { id: globex.tenant.id, apiKey: globex.apiKey },
    users: Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.email])) as Record<keyof typeof users, string>,
  };
  process.stdout.write(JSON.stringify(seed));
  await disconnectDb();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
