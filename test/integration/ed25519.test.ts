// Optional Ed25519 signatures (Standard Webhooks `v1a,`), end to end: an endpoint created
// with signatureScheme 'ed25519' on a loopback receiver, events delivered by a real worker,
// each request verified with node:crypto and the endpoint's whpk_ public key. Rotation
// signs with both key pairs during the grace; HMAC endpoints are untouched; the whsk_
// private key is in no API answer.
import { verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { decryptSecret } from '@/lib/crypto/encryption';
import { db } from '@/lib/db';
import { ed25519PublicKey } from '@/lib/signing/sign-ed25519';
import type { apiClient, ApiResponse } from '../support/api.ts';
import { workerSuite } from '../support/deliveries.ts';
import type { ReceivedRequest, Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

const suite = workerSuite();
type Api = ReturnType<typeof apiClient>;
const KEY = /^whpk_[A-Za-z0-9+/]{43}=$/;

async function setUp(body: Record<string, unknown> = { signatureScheme: 'ed25519' }) {
  const tenant = await suite.harness.newTenant();
  const rx = await suite.receivers.start();
  const created = await tenant.api('POST', '/api/v1/endpoints', { body: { url: rx.url, ...body } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { ...tenant, rx, created: created.body, endpointId: created.body.id as string };
}

async function deliverOne(api: Api, rx: Receiver): Promise<ReceivedRequest> {
  const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { at: Date.now() } } });
  expect(sent.status).toBe(202);
  return waitFor(() => rx.requests.find((r) => r.headers['webhook-id'] === sent.body.id), { what: `delivery of ${sent.body.id}` });
}

const entries = (request: ReceivedRequest) => String(request.headers['webhook-signature']).split(' ');

/** What a consumer does with node:crypto: Ed25519-verify "<id>.<timestamp>.<body>" with the whpk_ key. */
function verifiesWith(request: ReceivedRequest, entry: string, publicKey: string): boolean {
  if (!entry.startsWith('v1a,')) return false;
  const signed = Buffer.from(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`);
  return verify(null, signed, ed25519PublicKey(publicKey), Buffer.from(entry.slice(4), 'base64'));
}

/** The endpoint's whsk_ private keys, decrypted from the database (never from the API). */
async function privateKeys(endpointId: string): Promise<string[]> {
  const rows = await db().endpointSecret.findMany({ where: { endpointId }, omit: { ciphertext: false } });
  return rows.map((row) => decryptSecret(row.ciphertext, suite.harness.env.HOOKLINE_ENCRYPTION_KEY!));
}

describe('Ed25519 endpoints', () => {
  it('are created with a whpk_ public key and no secret', async () => {
    const { created, endpointId, api } = await setUp();
    expect(created.signatureScheme).toBe('ed25519');
    expect(created.publicKey).toMatch(KEY);
    expect(created).not.toHaveProperty('secret');
    const row = await db().endpointSecret.findFirstOrThrow({ where: { endpointId } });
    expect(row).toMatchObject({ scheme: 'ed25519', publicKey: created.publicKey, expiresAt: null });
    expect((await api('GET', `/api/v1/endpoints/${endpointId}/secret`)).body).toEqual({ scheme: 'ed25519', publicKey: created.publicKey, previous: [] });
    expect((await api('GET', `/api/v1/endpoints/${endpointId}`)).body.signatureScheme).toBe('ed25519');
  });

  it('deliver with one v1a signature that node:crypto verifies with the public key', async () => {
    const { api, rx, created } = await setUp();
    const request = await deliverOne(api, rx);
    expect(entries(request)).toHaveLength(1);
    expect(entries(request)[0]).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(verifiesWith(request, entries(request)[0]!, created.publicKey)).toBe(true);
    // Tampering with the body breaks it.
    expect(verifiesWith({ ...request, body: request.body.replace('order.created', 'order.Created') }, entries(request)[0]!, created.publicKey)).toBe(false);
  });

  it('standardwebhooks 1.1 (npm) checks only v1 entries, so it cannot verify v1a: consumers use node:crypto', () => {
    // Documented here so a library upgrade that adds v1a support shows up as a failure.
    const webhook = new Webhook('whsec_' + Buffer.alloc(32, 1).toString('base64'));
    const now = String(Math.floor(Date.now() / 1000));
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': now, 'webhook-signature': 'v1a,' + Buffer.alloc(64).toString('base64') };
    expect(() => webhook.verify('{}', headers)).toThrow(/No matching signature/);
  });

  it('import the private key once per worker: a later attempt signs without decrypting again', async () => {
    const { api, rx, created, endpointId } = await setUp();
    const first = await deliverOne(api, rx);
    expect(verifiesWith(first, entries(first)[0]!, created.publicKey)).toBe(true);
    // Corrupt the stored ciphertext: only a key already imported and cached can still sign.
    await db().$executeRaw`update endpoint_secrets set ciphertext = 'v1.broken.broken.broken' where endpoint_id = ${endpointId}`;
    const second = await deliverOne(api, rx);
    expect(verifiesWith(second, entries(second)[0]!, created.publicKey)).toBe(true);
  });

  it('rotation: two v1a signatures during the grace, each verifying with its own public key', async () => {
    const { api, rx, created, endpointId } = await setUp();
    const original = created.publicKey as string;
    const rotated = await api('POST', `/api/v1/endpoints/${endpointId}/rotate-secret`, { body: { graceHours: 1 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ scheme: 'ed25519', publicKey: expect.stringMatching(KEY), previousSecretExpiresAt: expect.any(String) });
    const next = rotated.body.publicKey as string;
    expect(next).not.toBe(original);
    expect((await api('GET', `/api/v1/endpoints/${endpointId}/secret`)).body).toEqual({
      scheme: 'ed25519',
      publicKey: next,
      previous: [{ publicKey: original, createdAt: expect.any(String), expiresAt: rotated.body.previousSecretExpiresAt }],
    });

    const during = await deliverOne(api, rx);
    const [first, second] = entries(during);
    expect(entries(during)).toHaveLength(2);
    expect(verifiesWith(during, first!, next)).toBe(true);
    expect(verifiesWith(during, second!, original)).toBe(true);
    expect(verifiesWith(during, first!, original)).toBe(false);
    expect(verifiesWith(during, second!, next)).toBe(false);

    // The grace ends: the new key pair alone signs.
    await db().endpointSecret.updateMany({ where: { endpointId, expiresAt: { not: null } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const after = await deliverOne(api, rx);
    expect(entries(after)).toHaveLength(1);
    expect(verifiesWith(after, entries(after)[0]!, next)).toBe(true);
    expect(verifiesWith(after, entries(after)[0]!, original)).toBe(false);
  });

  it('never put the private key in an API answer', async () => {
    const { api, rx, created, endpointId } = await setUp();
    const rotated = await api('POST', `/api/v1/endpoints/${endpointId}/rotate-secret`, { body: { graceHours: 1 } });
    const request = await deliverOne(api, rx);
    const event = await api('GET', `/api/v1/events/${request.headers['webhook-id']}`);
    const deliveryId = event.body.deliveries[0].id as string;
    await waitFor(async () => (await api('GET', `/api/v1/deliveries/${deliveryId}`)).body.attempts?.length > 0, { what: 'the attempt to be recorded' });
    const answers: ApiResponse[] = [
      { status: 201, headers: new Headers(), body: created },
      rotated,
      await api('GET', `/api/v1/endpoints/${endpointId}`),
      await api('GET', '/api/v1/endpoints'),
      await api('GET', `/api/v1/endpoints/${endpointId}/secret`),
      event,
      await api('GET', `/api/v1/deliveries/${deliveryId}`),
      await api('GET', `/api/v1/deliveries?endpointId=${endpointId}`),
    ];
    const keys = await privateKeys(endpointId);
    expect(keys).toHaveLength(2);
    for (const answer of answers) {
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain('whsk_');
      for (const key of keys) expect(text).not.toContain(key.slice('whsk_'.length, 30));
    }
    // The webhook itself carries signatures, not keys.
    expect(JSON.stringify(request.headers)).not.toContain('whsk_');
  });

  it("are another tenant's 404", async () => {
    const { endpointId } = await setUp();
    const other = await suite.harness.newTenant('Other');
    expect((await other.api('GET', `/api/v1/endpoints/${endpointId}/secret`)).status).toBe(404);
    expect((await other.api('POST', `/api/v1/endpoints/${endpointId}/rotate-secret`, { body: {} })).status).toBe(404);
  });
});

describe('HMAC endpoints beside them', () => {
  it('are the default and still sign with one v1 entry that the standardwebhooks library verifies', async () => {
    const { api, rx, created, endpointId } = await setUp({});
    expect(created.signatureScheme).toBe('hmac-sha256');
    expect(created.secret).toMatch(/^whsec_/);
    expect(created).not.toHaveProperty('publicKey');
    expect((await api('GET', `/api/v1/endpoints/${endpointId}/secret`)).body).toEqual({ secret: created.secret, previous: [] });
    const request = await deliverOne(api, rx);
    expect(entries(request)).toHaveLength(1);
    expect(entries(request)[0]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
    expect(new Webhook(created.secret).verify(request.body, headers)).toEqual(JSON.parse(request.body));
  });

  it("accept 'hmac-sha256' spelled out, and rotate to a whsec_ secret as before", async () => {
    const { api, created, endpointId } = await setUp({ signatureScheme: 'hmac-sha256' });
    expect(created.signatureScheme).toBe('hmac-sha256');
    const rotated = await api('POST', `/api/v1/endpoints/${endpointId}/rotate-secret`, { body: { graceHours: 0 } });
    expect(rotated.body).toEqual({ secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) });
  });
});

describe('bad input', () => {
  it('refuses an unknown scheme, naming the field', async () => {
    const { api } = await suite.harness.newTenant();
    const res = await api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/x', signatureScheme: 'rsa' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details).toContainEqual({ path: 'signatureScheme', message: expect.stringMatching(/hmac-sha256.*ed25519/) });
  });

  it('refuses changing the scheme after creation', async () => {
    const { api, endpointId } = await setUp();
    const res = await api('PATCH', `/api/v1/endpoints/${endpointId}`, { body: { signatureScheme: 'hmac-sha256' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect((await api('GET', `/api/v1/endpoints/${endpointId}`)).body.signatureScheme).toBe('ed25519');
  });
});
