// The `hookline` command line, run as a real process: the names and the --json shapes
// that operators' scripts depend on (PRODUCT.md, "Command line").
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { CANARY_TENANT_ID } from '@/lib/canary/canary-ids';
import { setMembershipRole } from '@/lib/dashboard/set-membership';
import { ensureOperatorTenant } from '@/lib/operational-events/ensure-operator-tenant';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { verifyPassword } from '@/lib/auth/password';
import { hashApiKey } from '@/lib/auth/api-key';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { runCli } from '../support/processes.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness?.close());

describe('hookline', () => {
  it('tenant create --json prints exactly { tenant: { id, name }, apiKey } and nothing else on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['tenant', 'create', '--name', 'Globex', '--json'], harness.env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(Object.keys(output).sort()).toEqual(['apiKey', 'tenant']);
    expect(Object.keys(output.tenant).sort()).toEqual(['id', 'name']);
    expect(output.tenant.name).toBe('Globex');
    expect(output.apiKey).toMatch(/^hl_/);
    // The key works and is stored only as a hash.
    const key = await db().apiKey.findUniqueOrThrow({ where: { keyHash: hashApiKey(output.apiKey) } });
    expect(key.tenantId).toBe(output.tenant.id);
    const raw = await db().$queryRaw<{ n: bigint }[]>`select count(*) as n from api_keys where key_hash = ${output.apiKey}`;
    expect(Number(raw[0]!.n)).toBe(0);
  });

  it('apikey create and user create work against the tenant', async () => {
    const tenant = JSON.parse((await runCli(['tenant', 'create', '--name', 'Initech', '--json'], harness.env)).stdout).tenant;
    const key = await runCli(['apikey', 'create', '--tenant', tenant.id, '--name', 'ci', '--json'], harness.env);
    expect(key.code).toBe(0);
    expect(JSON.parse(key.stdout)).toMatchObject({ name: 'ci', apiKey: expect.stringMatching(/^hl_/) });

    const user = await runCli(['user', 'create', '--email', 'Ada@Example.com', '--password', 'correct horse', '--role', 'admin', '--tenant', tenant.id, '--json'], harness.env);
    expect(user.stderr).toBe('');
    expect(JSON.parse(user.stdout)).toMatchObject({ email: 'ada@example.com', role: 'admin', tenantId: tenant.id });
    const row = await db().user.findUniqueOrThrow({ where: { email: 'ada@example.com' }, omit: { passwordHash: false }, include: { memberships: true } });
    expect(await verifyPassword('correct horse', row.passwordHash)).toBe(true);
    expect(row.memberships).toEqual([expect.objectContaining({ tenantId: tenant.id, role: 'admin' })]);

    const operator = await runCli(['user', 'create', '--email', 'op@example.com', '--password', 'operator-pass', '--role', 'operator', '--json'], harness.env);
    expect(JSON.parse(operator.stdout)).toMatchObject({ operator: true, role: 'operator' });
  });

  it('refuses API keys, members and roles in Hookline’s own tenants, as not found', async () => {
    await ensureOperatorTenant();
    const key = await runCli(['apikey', 'create', '--tenant', OPERATOR_TENANT_ID, '--json'], harness.env);
    expect(key).toMatchObject({ code: 1, stdout: '' });
    expect(key.stderr).toMatch(/tenant not found/);
    const user = await runCli(['user', 'create', '--email', 'mallory@example.com', '--password', 'long enough', '--role', 'admin', '--tenant', OPERATOR_TENANT_ID], harness.env);
    expect(user.code).toBe(1);
    expect(user.stderr).toMatch(/tenant not found/);
    expect(await db().apiKey.count({ where: { tenantId: OPERATOR_TENANT_ID } })).toBe(0);
    expect(await db().user.count({ where: { email: 'mallory@example.com' } })).toBe(0);
    // The dashboard's admin paths call the same functions.
    await expect(createApiKey(CANARY_TENANT_ID)).rejects.toMatchObject({ code: 'not_found' });
    const operator = await db().user.findUniqueOrThrow({ where: { email: 'op@example.com' } });
    await expect(setMembershipRole(OPERATOR_TENANT_ID, operator.id, { role: 'admin' })).rejects.toMatchObject({ code: 'not_found', message: 'tenant not found' });
  });

  it('reports bad input on stderr with a non-zero exit and an empty stdout', async () => {
    const noTenant = await runCli(['user', 'create', '--email', 'x@example.com', '--password', 'long enough', '--role', 'member', '--json'], harness.env);
    expect(noTenant.code).toBe(1);
    expect(noTenant.stdout).toBe('');
    expect(noTenant.stderr).toMatch(/tenantId: admins and members belong to a tenant/);

    const badRole = await runCli(['user', 'create', '--email', 'x@example.com', '--password', 'long enough', '--role', 'owner', '--tenant', 'tnt_x'], harness.env);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/role/);

    const unknown = await runCli(['frobnicate'], harness.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);

    const missingTenant = await runCli(['user', 'create', '--email', 'y@example.com', '--password', 'long enough', '--role', 'member', '--tenant', 'tnt_missing'], harness.env);
    expect(missingTenant.code).toBe(1);
    expect(missingTenant.stderr).toMatch(/tenant not found/);

    const noDatabase = await runCli(['tenant', 'list'], { ...harness.env, DATABASE_URL: '' });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toMatch(/DATABASE_URL/);
  });

  it('migrate brings an empty database up to date, and a second run applies nothing', async () => {
    let empty: TestDatabase | undefined;
    try {
      empty = await createTestDatabase({ empty: true });
      const env = { ...harness.env, DATABASE_URL: empty.url };
      const first = await runCli(['migrate', '--json'], env);
      expect(first.stderr).toBe('');
      const folders = readdirSync(new URL('../../prisma/migrations/', import.meta.url), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      expect(JSON.parse(first.stdout).applied).toEqual(folders);
      expect(folders[0]).toMatch(/_init$/);
      const second = await runCli(['migrate', '--json'], env);
      expect(JSON.parse(second.stdout).applied).toEqual([]);
    } finally {
      await empty?.drop();
    }
  });
});
