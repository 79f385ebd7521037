// Secret rotation end to end: during the grace a webhook carries one `v1,` signature
// per valid secret, so a consumer holding either the old or the new secret verifies it;
// after the grace only the new secret signs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { db } from '@/lib/db';
import { verifySignature } from '@/lib/signing/verify-signature';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import type { apiClient } from '../support/api.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type ReceivedRequest, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let worker: RunningWorker;
const receivers: Receiver[] = [];

beforeAll(async () => {
  harness = await startHarness();
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await harness?.close();
});

type Api = ReturnType<typeof apiClient>;
const HOUR = 3_600_000;

async function setUp() {
  const { api } = await harness.newTenant();
  const rx = await startReceiver();
  receivers.push(rx);
  const created = await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  expect(created.status).toBe(201);
  return { api, rx, endpointId: created.body.id as string, original: created.body.secret as string };
}

/** Sends one event and returns the request the receiver got for it. */
async function deliverOne(api: Api, rx: Receiver): Promise<ReceivedRequest> {
  const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: { at: Date.now() } } });
  expect(sent.status).toBe(202);
  return waitFor(() => rx.requests.find((r) => r.headers['webhook-id'] === sent.body.id), { what: `delivery of ${sent.body.id}` });
}

function entries(request: ReceivedRequest): string[] {
  return String(request.headers['webhook-signature']).split(' ');
}

function verifies(request: ReceivedRequest, header: string, secret: string): boolean {
  return verifySignature({
    header,
    id: String(request.headers['webhook-id']),
    timestamp: String(request.headers['webhook-timestamp']),
    body: request.body,
    secret,
  });
}

function libraryAccepts(request: ReceivedRequest, secret: string): boolean {
  try {
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
}

async function rotate(api: Api, endpointId: string, body?: unknown) {
  const before = Date.now();
  const res = await api('POST', `/api/v1/endpoints/${endpointId}/rotate-secret`, body === undefined ? {} : { body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
  return { secret: res.body.secret as string, expiresAt: res.body.previousSecretExpiresAt as string, before, after: Date.now() };
}

describe('secret rotation', () => {
  it('signs with both secrets during the grace, then with the new one only', async () => {
    const { api, rx, endpointId, original } = await setUp();
    const rotated = await rotate(api, endpointId, { graceHours: 1 });
    expect(rotated.secret).not.toBe(original);
    const expiry = Date.parse(rotated.expiresAt);
    expect(expiry).toBeGreaterThanOrEqual(rotated.before + HOUR);
    expect(expiry).toBeLessThanOrEqual(rotated.after + HOUR);

    const secrets = await api('GET', `/api/v1/endpoints/${endpointId}/secret`);
    expect(secrets.body).toEqual({
      secret: rotated.secret,
      previous: [{ secret: original, createdAt: expect.any(String), expiresAt: rotated.expiresAt }],
    });

    const during = await deliverOne(api, rx);
    const pair = entries(during);
    expect(pair).toHaveLength(2);
    for (const entry of pair) expect(entry).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    // One entry per secret: each verifies with exactly one of them.
    const byNew = pair.filter((entry) => verifies(during, entry, rotated.secret));
    const byOld = pair.filter((entry) => verifies(during, entry, original));
    expect(byNew).toHaveLength(1);
    expect(byOld).toHaveLength(1);
    expect(byNew[0]).not.toBe(byOld[0]);
    // A consumer with either secret, using the reference library unchanged, accepts it.
    expect(libraryAccepts(during, original)).toBe(true);
    expect(libraryAccepts(during, rotated.secret)).toBe(true);

    // The grace ends.
    const ended = await db().endpointSecret.updateMany({
      where: { endpointId, expiresAt: { not: null } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(ended.count).toBe(1);
    expect((await api('GET', `/api/v1/endpoints/${endpointId}/secret`)).body).toEqual({ secret: rotated.secret, previous: [] });

    const after = await deliverOne(api, rx);
    expect(entries(after)).toHaveLength(1);
    expect(verifies(after, entries(after)[0]!, rotated.secret)).toBe(true);
    expect(verifies(after, entries(after)[0]!, original)).toBe(false);
    expect(libraryAccepts(after, original)).toBe(false);
    expect(libraryAccepts(after, rotated.secret)).toBe(true);
  });

  it('with graceHours 0 signs with the new secret only, at once', async () => {
    const { api, rx, endpointId, original } = await setUp();
    const rotated = await rotate(api, endpointId, { graceHours: 0 });
    expect(Date.parse(rotated.expiresAt)).toBeLessThanOrEqual(rotated.after);
    expect((await api('GET', `/api/v1/endpoints/${endpointId}/secret`)).body).toEqual({ secret: rotated.secret, previous: [] });

    const request = await deliverOne(api, rx);
    expect(entries(request)).toHaveLength(1);
    expect(verifies(request, entries(request)[0]!, rotated.secret)).toBe(true);
    expect(verifies(request, entries(request)[0]!, original)).toBe(false);
  });

  it('defaults to a 24-hour grace when no body is sent', async () => {
    const { api, rx, endpointId, original } = await setUp();
    const rotated = await rotate(api, endpointId);
    const expiry = Date.parse(rotated.expiresAt);
    expect(expiry).toBeGreaterThanOrEqual(rotated.before + 24 * HOUR);
    expect(expiry).toBeLessThanOrEqual(rotated.after + 24 * HOUR);
    const request = await deliverOne(api, rx);
    expect(libraryAccepts(request, original)).toBe(true);
    expect(libraryAccepts(request, rotated.secret)).toBe(true);
  });

  it('ends every older grace when rotating again with graceHours 0', async () => {
    const { api, rx, endpointId, original } = await setUp();
    const second = await rotate(api, endpointId, { graceHours: 1 });
    const third = await rotate(api, endpointId, { graceHours: 0 });
    expect((await api('GET', `/api/v1/endpoints/${endpointId}/secret`)).body).toEqual({ secret: third.secret, previous: [] });

    const request = await deliverOne(api, rx);
    expect(entries(request)).toHaveLength(1);
    expect(libraryAccepts(request, third.secret)).toBe(true);
    expect(libraryAccepts(request, second.secret)).toBe(false);
    expect(libraryAccepts(request, original)).toBe(false);
  });

  it('keeps signing with every secret still in grace across two rotations', async () => {
    const { api, rx, endpointId, original } = await setUp();
    const second = await rotate(api, endpointId, { graceHours: 2 });
    const third = await rotate(api, endpointId, { graceHours: 1 });
    const secrets = await api('GET', `/api/v1/endpoints/${endpointId}/secret`);
    expect(secrets.body.secret).toBe(third.secret);
    // The first secret's grace never outlives the second's, which now ends in 1 h.
    expect(secrets.body.previous).toEqual([
      { secret: second.secret, createdAt: expect.any(String), expiresAt: third.expiresAt },
      { secret: original, createdAt: expect.any(String), expiresAt: third.expiresAt },
    ]);

    const request = await deliverOne(api, rx);
    expect(entries(request)).toHaveLength(3);
    for (const secret of [original, second.secret, third.secret]) {
      expect(entries(request).filter((entry) => verifies(request, entry, secret))).toHaveLength(1);
    }
  });

  it('leaves exactly one current secret after concurrent rotations', async () => {
    const { api, rx, endpointId, original } = await setUp();
    const results = await Promise.all([1, 2, 3, 4].map(() => rotate(api, endpointId, { graceHours: 1 })));
    const rows = await db().endpointSecret.findMany({ where: { endpointId } });
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.expiresAt === null)).toHaveLength(1);

    const secrets = await api('GET', `/api/v1/endpoints/${endpointId}/secret`);
    expect(results.map((r) => r.secret)).toContain(secrets.body.secret);
    expect(secrets.body.previous).toHaveLength(4);
    for (const previous of secrets.body.previous) expect(previous.expiresAt).not.toBeNull();
    expect(secrets.body.previous.map((p: { secret: string }) => p.secret).sort()).toEqual(
      [original, ...results.map((r) => r.secret)].filter((s) => s !== secrets.body.secret).sort(),
    );
    // All five still sign during the grace.
    const request = await deliverOne(api, rx);
    expect(entries(request)).toHaveLength(5);
  });
});
