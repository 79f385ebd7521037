// The canary's tenant, endpoint and secret, created on first use and kept pointing at
// CANARY_URL: every run calls this (three statements a minute), so a changed URL, a
// deleted row or an endpoint the worker disabled is put right by the next run. The
// endpoint takes only canary events, and nobody is a member of its tenant.
import { encryptSecret } from '../crypto/encryption.ts';
import { db } from '../db.ts';
import { env } from '../env.ts';
import { generateSecret } from '../signing/secret.ts';
import { CANARY_ENDPOINT_ID, CANARY_EVENT_TYPE, CANARY_SECRET_ID, CANARY_TENANT_ID, CANARY_TENANT_NAME } from './canary-ids.ts';

export async function ensureCanaryEndpoint(url: string): Promise<void> {
  const ciphertext = encryptSecret(generateSecret(), env().HOOKLINE_ENCRYPTION_KEY);
  await db().$transaction([
    db().$executeRaw`
      insert into tenants (id, name) values (${CANARY_TENANT_ID}, ${CANARY_TENANT_NAME}) on conflict (id) do nothing`,
    // Re-enabled if it was disabled (5 days failing): the canary must keep probing, and
    // enabling clears the failure clock as it does for any endpoint.
    db().$executeRaw`
      insert into endpoints (id, tenant_id, url, description, event_types)
      values (${CANARY_ENDPOINT_ID}, ${CANARY_TENANT_ID}, ${url}, 'Synthetic canary (built in)', ${[CANARY_EVENT_TYPE]}::text[])
      on conflict (id) do update
        set url = excluded.url, event_types = excluded.event_types, disabled_at = null, disabled_reason = null,
            failing_since = case when endpoints.disabled_at is null then endpoints.failing_since end, updated_at = now()
        where endpoints.url <> excluded.url or endpoints.event_types <> excluded.event_types or endpoints.disabled_at is not null`,
    db().$executeRaw`
      insert into endpoint_secrets (id, endpoint_id, ciphertext) values (${CANARY_SECRET_ID}, ${CANARY_ENDPOINT_ID}, ${ciphertext})
      on conflict (id) do nothing`,
  ]);
}
