// A worker caches each endpoint's signing keys (lib/delivery/load-delivery.ts) and reads
// them again only when endpoints.secrets_version has moved past the version it holds; a
// trigger on endpoint_secrets moves it on every write (migration 20261208000000). Expiry
// needs no write: a rotated-out secret stops signing at its expires_at, cache or not.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { newSigningKey } from '@/lib/endpoints/new-signing-key';
import { fanOutEvent } from '@/lib/events/fan-out-event';
import { loadDelivery } from '@/lib/delivery/load-delivery';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const SECRETS = 'hookline_endpoint_secrets';

/** A new delivery to the endpoint, loaded as a worker loads it; and how many times the secrets were read for it. */
async function loadNew(tenantId: string): Promise<{ secrets: unknown[]; reads: number }> {
  const event = await fanOutEvent({ tenantId, type: 'a.b', data: {}, idempotencyKey: null, requestHash: null });
  const queries = vi.spyOn(pg.Pool.prototype, 'query');
  try {
    const loaded = await loadDelivery(event.deliveries[0]!.id);
    expect(loaded).not.toBeNull();
    const reads = queries.mock.calls.filter(([config]) => (config as { name?: string }).name === SECRETS).length;
    return { secrets: loaded!.secrets, reads };
  } finally {
    queries.mockRestore();
  }
}

async function version(endpointId: string): Promise<number> {
  return (await db().endpoint.findUniqueOrThrow({ where: { id: endpointId }, select: { secretsVersion: true } })).secretsVersion;
}

describe('signing keys cached by secrets_version', () => {
  it('every write to an endpoint_secrets row moves its endpoint on, and no other endpoint', async () => {
    const t = await harness.newTenant();
    const a = await createEndpoint(t.id, { url: 'https://a.example.com/hook' });
    const b = await createEndpoint(t.id, { url: 'https://b.example.com/hook' });
    const [va, vb] = [await version(a.id), await version(b.id)];
    expect(va).toBe(1); // its first secret, created with it

    const key = newSigningKey('hmac_sha256').row;
    await db().endpointSecret.create({ data: { ...key, endpointId: a.id } });
    expect(await version(a.id)).toBe(va + 1);
    await db().endpointSecret.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    expect(await version(a.id)).toBe(va + 2);
    // Moved to another endpoint: both change.
    await db().endpointSecret.update({ where: { id: key.id }, data: { endpointId: b.id } });
    expect([await version(a.id), await version(b.id)]).toEqual([va + 3, vb + 1]);
    await db().endpointSecret.delete({ where: { id: key.id } });
    expect([await version(a.id), await version(b.id)]).toEqual([va + 3, vb + 2]);
    // Deleting the endpoint deletes its secrets with it (the trigger finds no row to move).
    await db().endpoint.delete({ where: { id: b.id } });
    expect(await db().endpointSecret.count({ where: { endpointId: b.id } })).toBe(0);
  });

  it('reads an endpoint\'s secrets once, again after a write, and drops an expired one without a read', async () => {
    const t = await harness.newTenant();
    const endpoint = await createEndpoint(t.id, { url: 'https://c.example.com/hook' });

    const first = await loadNew(t.id);
    expect(first.secrets).toEqual([endpoint.secret]);
    expect(first.reads).toBe(1);
    // Cached at its version: the next delivery's load reads the delivery only.
    expect(await loadNew(t.id)).toEqual({ secrets: [endpoint.secret], reads: 0 });

    // Rotated by hand (as an operator's SQL would): the old secret signs for 1.5 s more.
    const next = newSigningKey('hmac_sha256');
    await db().$transaction([
      db().endpointSecret.updateMany({ where: { endpointId: endpoint.id }, data: { expiresAt: new Date(Date.now() + 1_500) } }),
      db().endpointSecret.create({ data: { ...next.row, endpointId: endpoint.id } }),
    ]);
    const newSecret = (next.shown as { secret: string }).secret;
    // Current first, then the one in its grace.
    expect(await loadNew(t.id)).toEqual({ secrets: [newSecret, endpoint.secret], reads: 1 });
    expect(await loadNew(t.id)).toEqual({ secrets: [newSecret, endpoint.secret], reads: 0 });

    // The grace runs out: no write, no read, and the old secret no longer signs.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(await loadNew(t.id)).toEqual({ secrets: [newSecret], reads: 0 });
  });
});
