// The producer API through its real route handlers and a real database: idempotency,
// validation, authentication, tenant isolation, endpoints, delivery listing, health.
// No worker runs here (jobs stay queued), except where a test says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as ready } from '@/app/api/health/ready/route';
import { GET as metricsRoute } from '@/app/api/metrics/route';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { db } from '@/lib/db';
import { queuedJobs } from '../support/queued-jobs.ts';
import { MAX_BODY_BYTES } from '@/lib/http/read-json';
import { apiClient, type ApiResponse } from '../support/api.ts';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

// Never connected to: no worker runs in this file.
const URL_A = 'http://127.0.0.1:9/a';
const URL_B = 'http://127.0.0.1:9/b';

type Api = ReturnType<typeof apiClient>;

/** PRODUCT.md's error body, exactly: `{ error: { code, message, details? } }`. */
function expectError(res: ApiResponse, status: number, code: string, path?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(0);
  if (path !== undefined) {
    const details = res.body.error.details as { path: string; message: string }[];
    expect(Array.isArray(details)).toBe(true);
    for (const d of details) expect(d).toEqual({ path: expect.any(String), message: expect.any(String) });
    expect(details.map((d) => d.path)).toContain(path);
  }
}

async function endpoint(api: Api, body: Record<string, unknown> = {}) {
  const res = await api('POST', '/api/v1/endpoints', { body: { url: URL_A, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string; url: string; eventTypes: string[]; description: string };
}

async function send(api: Api, body: unknown, headers: Record<string, string> = {}) {
  return api('POST', '/api/v1/events', { body, headers });
}

const eventsOf = (tenantId: string) => db().event.findMany({ where: { tenantId } });
const deliveriesOf = (tenantId: string) => db().delivery.findMany({ where: { tenantId } });

async function jobsFor(deliveryId: string): Promise<number> {
  return (await queuedJobs([deliveryId])).length;
}

async function listAll(api: Api, path: string, limit: number) {
  const pages: { ids: string[]; nextCursor: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: ApiResponse = await api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    pages.push({ ids: res.body.data.map((r: { id: string }) => r.id), nextCursor: res.body.nextCursor });
    cursor = res.body.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, and stores one event, one delivery and one job', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    const ep = await endpoint(api);
    const body = { type: 'order.created', data: { orderId: 'o_1', total: 12.5 } };

    const first = await send(api, body, { 'idempotency-key': 'order-o_1' });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(first.body.deliveries).toEqual([{ id: expect.any(String), endpointId: ep.id }]);

    const second = await send(api, body, { 'idempotency-key': 'order-o_1' });
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);

    expect((await eventsOf(tenantId)).map((e) => e.id)).toEqual([first.body.id]);
    const deliveries = await deliveriesOf(tenantId);
    expect(deliveries.map((d) => d.id)).toEqual([first.body.deliveries[0].id]);
    expect(await jobsFor(deliveries[0]!.id)).toBe(1);
  });

  it('replays the first answer unchanged when the event fanned out to several endpoints', async () => {
    const { api } = await harness.newTenant();
    for (let i = 0; i < 4; i++) await endpoint(api, { description: `ep ${i}` });
    const body = { type: 'order.created', data: { n: 1 } };
    const first = await send(api, body, { 'idempotency-key': 'fan-4' });
    expect(first.status).toBe(202);
    expect(first.body.deliveries).toHaveLength(4);
    const replay = await send(api, body, { 'idempotency-key': 'fan-4' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // "returns the first response": the same deliveries, in the same order.
    expect(replay.body).toEqual(first.body);
  });

  it('refuses the same key with another body with 409 idempotency_conflict, storing nothing', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    await endpoint(api);
    const first = await send(api, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(202);

    const otherData = await send(api, { type: 'order.created', data: { n: 2 } }, { 'idempotency-key': 'k-1' });
    expectError(otherData, 409, 'idempotency_conflict');
    expect(otherData.headers.get('idempotent-replayed')).toBeNull();
    const otherType = await send(api, { type: 'order.deleted', data: { n: 1 } }, { 'idempotency-key': 'k-1' });
    expectError(otherType, 409, 'idempotency_conflict');

    expect(await eventsOf(tenantId)).toHaveLength(1);
    expect(await deliveriesOf(tenantId)).toHaveLength(1);
  });

  it('keeps keys per tenant: the same key in another tenant is independent', async () => {
    const a = await harness.newTenant('A');
    const b = await harness.newTenant('B');
    await endpoint(a.api);
    await endpoint(b.api);

    const inA = await send(a.api, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'shared' });
    const inB = await send(b.api, { type: 'order.created', data: { n: 2 } }, { 'idempotency-key': 'shared' });
    expect(inA.status).toBe(202);
    expect(inB.status).toBe(202);
    expect(inB.headers.get('idempotent-replayed')).toBeNull();
    expect(inB.body.id).not.toBe(inA.body.id);
    expect((await eventsOf(b.id)).map((e) => e.id)).toEqual([inB.body.id]);
    // The same body as A's, in B, is also new: keys never match across tenants.
    const sameBody = await send(b.api, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'shared-2' });
    const sameBodyInA = await send(a.api, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'shared-2' });
    expect(sameBody.body.id).not.toBe(sameBodyInA.body.id);
    expect(sameBodyInA.headers.get('idempotent-replayed')).toBeNull();
  });

  it('makes one event from concurrent requests with one key', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    await endpoint(api);
    const body = { type: 'order.created', data: { n: 'race' } };
    const results = await Promise.all(Array.from({ length: 6 }, () => send(api, body, { 'idempotency-key': 'race' })));

    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(await eventsOf(tenantId)).toHaveLength(1);
    expect(await deliveriesOf(tenantId)).toHaveLength(1);
  });

  it('frees a key after 24 hours', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    await endpoint(api);
    const old = await send(api, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'daily' });
    await db().$executeRaw`update events set created_at = now() - interval '24 hours 1 minute' where id = ${old.body.id}`;

    // Another body with the old key: not a conflict any more, a new event.
    const fresh = await send(api, { type: 'order.created', data: { n: 2 } }, { 'idempotency-key': 'daily' });
    expect(fresh.status).toBe(202);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(fresh.body.id).not.toBe(old.body.id);
    expect(await eventsOf(tenantId)).toHaveLength(2);

    // The key now belongs to the new event.
    const replay = await send(api, { type: 'order.created', data: { n: 2 } }, { 'idempotency-key': 'daily' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(fresh.body.id);
  });

  it('still holds a key just inside 24 hours', async () => {
    const { api } = await harness.newTenant();
    const old = await send(api, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'almost' });
    await db().$executeRaw`update events set created_at = now() - interval '23 hours 59 minutes' where id = ${old.body.id}`;
    const again = await send(api, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'almost' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(old.body.id);
    expectError(await send(api, { type: 'order.created', data: { n: 9 } }, { 'idempotency-key': 'almost' }), 409, 'idempotency_conflict');
  });

  it('refuses an empty or over-long key', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    const body = { type: 'order.created', data: {} };
    const empty = await send(api, body, { 'idempotency-key': '' });
    expectError(empty, 400, 'invalid_request');
    expect(empty.body.error.message).toMatch(/Idempotency-Key/);
    expect(empty.body.error.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    const long = await send(api, body, { 'idempotency-key': 'k'.repeat(256) });
    expectError(long, 400, 'invalid_request');
    expect(long.body.error.message).toMatch(/Idempotency-Key/);
    expect(await eventsOf(tenantId)).toHaveLength(0);
  });
});

describe('bad input', () => {
  it('names the missing or malformed field of an event', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    expectError(await send(api, { data: {} }), 400, 'invalid_request', 'type');
    expectError(await send(api, { type: 'has spaces', data: {} }), 400, 'invalid_request', 'type');
    expectError(await send(api, { type: 'order.created' }), 400, 'invalid_request', 'data');
    for (const data of [[1, 2], 'text', 42, null, true]) {
      expectError(await send(api, { type: 'order.created', data }), 400, 'invalid_request', 'data');
    }
    expectError(await send(api, [{ type: 'order.created', data: {} }]), 400, 'invalid_request');
    expect(await eventsOf(tenantId)).toHaveLength(0);
  });

  it('names an unknown extra field', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    const res = await send(api, { type: 'order.created', data: {}, extra: 1 });
    expectError(res, 400, 'invalid_request', 'extra');
    const ep = await api('POST', '/api/v1/endpoints', { body: { url: URL_A, secret: 'whsec_mine' } });
    expectError(ep, 400, 'invalid_request', 'secret');
    expect(await eventsOf(tenantId)).toHaveLength(0);
    expect(await db().endpoint.count({ where: { tenantId } })).toBe(0);
  });

  it('names the url of an endpoint that is not http(s)', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    for (const url of ['ftp://x', 'not a url', '', 'javascript:alert(1)', 'http://user:pass@example.com/']) {
      const res = await api('POST', '/api/v1/endpoints', { body: { url } });
      expectError(res, 400, 'invalid_request', 'url');
    }
    expectError(await api('POST', '/api/v1/endpoints', { body: {} }), 400, 'invalid_request', 'url');
    expect(await db().endpoint.count({ where: { tenantId } })).toBe(0);
  });

  it('names the bad entry of eventTypes', async () => {
    const { api } = await harness.newTenant();
    const res = await api('POST', '/api/v1/endpoints', { body: { url: URL_A, eventTypes: ['order.created', 'bad type!'] } });
    expectError(res, 400, 'invalid_request', 'eventTypes.1');
    expectError(await api('POST', '/api/v1/endpoints', { body: { url: URL_A, eventTypes: 'order.created' } }), 400, 'invalid_request', 'eventTypes');
    expectError(await api('POST', '/api/v1/endpoints', { body: { url: URL_A, eventTypes: [''] } }), 400, 'invalid_request', 'eventTypes.0');
  });

  it('answers invalid JSON with invalid_json, and a non-JSON content-type with 415', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    expectError(await api('POST', '/api/v1/events', { rawBody: '{"type": "order.created", "data": {' }), 400, 'invalid_json');
    expectError(await api('POST', '/api/v1/endpoints', { rawBody: 'url=http://x' }), 400, 'invalid_json');
    expectError(await api('POST', '/api/v1/events', { rawBody: '' , headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    const wrongType = await api('POST', '/api/v1/events', {
      rawBody: JSON.stringify({ type: 'order.created', data: {} }),
      headers: { 'content-type': 'text/plain' },
    });
    expectError(wrongType, 415, 'unsupported_media_type');
    const form = await api('POST', '/api/v1/endpoints', {
      rawBody: 'url=http%3A%2F%2Fexample.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(form, 415, 'unsupported_media_type');
    // A JSON variant type is JSON.
    const variant = await api('POST', '/api/v1/events', {
      rawBody: JSON.stringify({ type: 'order.created', data: {} }),
      headers: { 'content-type': 'application/vnd.api+json; charset=utf-8' },
    });
    expect(variant.status).toBe(202);
    expect(await eventsOf(tenantId)).toHaveLength(1);
  });

  it('refuses a body over 1 MiB with 413 payload_too_large and stores nothing; exactly 1 MiB is accepted', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    await endpoint(api);
    const envelope = (fill: number) => JSON.stringify({ type: 'big.event', data: { blob: 'x'.repeat(fill) } });
    const overhead = envelope(0).length;
    const over = envelope(MAX_BODY_BYTES - overhead + 1);
    expect(Buffer.byteLength(over)).toBe(MAX_BODY_BYTES + 1);
    expectError(await api('POST', '/api/v1/events', { rawBody: over }), 413, 'payload_too_large');
    expectError(await api('POST', '/api/v1/events', { rawBody: envelope(3 * MAX_BODY_BYTES) }), 413, 'payload_too_large');
    expect(await eventsOf(tenantId)).toHaveLength(0);
    expect(await deliveriesOf(tenantId)).toHaveLength(0);

    const exact = envelope(MAX_BODY_BYTES - overhead);
    expect(Buffer.byteLength(exact)).toBe(MAX_BODY_BYTES);
    const accepted = await api('POST', '/api/v1/events', { rawBody: exact });
    expect(accepted.status).toBe(202);
    expect(await eventsOf(tenantId)).toHaveLength(1);
  });

  it('names graceHours when rotating with a negative or non-numeric grace', async () => {
    const { api } = await harness.newTenant();
    const ep = await endpoint(api);
    expectError(await api('POST', `/api/v1/endpoints/${ep.id}/rotate-secret`, { body: { graceHours: -1 } }), 400, 'invalid_request', 'graceHours');
    expectError(await api('POST', `/api/v1/endpoints/${ep.id}/rotate-secret`, { body: { graceHours: '1' } }), 400, 'invalid_request', 'graceHours');
    // Nothing rotated: the original secret is still the only one.
    const secrets = await api('GET', `/api/v1/endpoints/${ep.id}/secret`);
    expect(secrets.body).toEqual({ secret: ep.secret, previous: [] });
  });

  it('names the field of a bad PATCH, recover or list query', async () => {
    const { api } = await harness.newTenant();
    const ep = await endpoint(api);
    expectError(await api('PATCH', `/api/v1/endpoints/${ep.id}`, { body: { url: 'ftp://x' } }), 400, 'invalid_request', 'url');
    expectError(await api('PATCH', `/api/v1/endpoints/${ep.id}`, { body: { disabled: 'yes' } }), 400, 'invalid_request', 'disabled');
    expectError(await api('PATCH', `/api/v1/endpoints/${ep.id}`, { body: { id: 'ep_other' } }), 400, 'invalid_request', 'id');
    expectError(await api('POST', `/api/v1/endpoints/${ep.id}/recover`, { body: { since: 'yesterday' } }), 400, 'invalid_request', 'since');
    expectError(await api('GET', '/api/v1/deliveries?status=lost'), 400, 'invalid_request', 'status');
    expectError(await api('GET', '/api/v1/deliveries?since=last-week'), 400, 'invalid_request', 'since');
    expectError(await api('GET', '/api/v1/endpoints?limit=0'), 400, 'invalid_request', 'limit');
    expectError(await api('GET', '/api/v1/endpoints?limit=1000'), 400, 'invalid_request', 'limit');
    // The endpoint is untouched.
    expect((await api('GET', `/api/v1/endpoints/${ep.id}`)).body).toMatchObject({ url: URL_A, disabled: false });
  });
});

describe('authentication', () => {
  it('answers 401 without an Authorization header, before looking at the body', async () => {
    const anonymous = apiClient(null);
    expectError(await anonymous('GET', '/api/v1/endpoints'), 401, 'unauthorized');
    expectError(await anonymous('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } }), 401, 'unauthorized');
    expectError(await anonymous('POST', '/api/v1/events', { rawBody: '{not json' }), 401, 'unauthorized');
    expectError(await anonymous('GET', '/api/v1/no/such/route'), 401, 'unauthorized');
    const { apiKey } = await harness.newTenant();
    expectError(await anonymous('GET', '/api/v1/endpoints', { headers: { authorization: `Basic ${apiKey}` } }), 401, 'unauthorized');
    expectError(await anonymous('GET', '/api/v1/endpoints', { headers: { authorization: 'Bearer' } }), 401, 'unauthorized');
  });

  it('answers 401 to an unknown key without echoing it', async () => {
    const { apiKey } = await harness.newTenant();
    const forged = `${apiKey.slice(0, -4)}AAAA`;
    for (const key of [forged, 'hl_unknown_key_value_123', 'sk_live_something']) {
      const res = await apiClient(key)('GET', '/api/v1/endpoints');
      expectError(res, 401, 'unauthorized');
      expect(JSON.stringify(res.body)).not.toContain(key);
      expect(JSON.stringify(res.body)).not.toContain(key.slice(3, 20));
    }
  });

  it('answers 401 to a revoked key; the tenant’s other keys keep working', async () => {
    const { id: tenantId, apiKey, api } = await harness.newTenant();
    expect((await api('GET', '/api/v1/endpoints')).status).toBe(200);
    const second = await createApiKey(tenantId, 'second');
    const first = await db().apiKey.findFirstOrThrow({ where: { tenantId, name: 'default' } });

    await revokeApiKey(tenantId, first.id);
    const res = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    expectError(res, 401, 'unauthorized');
    expect(JSON.stringify(res.body)).not.toContain(apiKey);
    expect(await eventsOf(tenantId)).toHaveLength(0);

    const other = apiClient(second.apiKey);
    expect((await other('GET', '/api/v1/endpoints')).status).toBe(200);
    expect((await other('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } })).status).toBe(202);
  });

  it('answers an authenticated request to an unknown route with a JSON 404', async () => {
    const { api } = await harness.newTenant();
    expectError(await api('GET', '/api/v1/nothing-here'), 404, 'not_found');
  });
});

describe('tenant isolation', () => {
  it('answers 404, not 403, to another tenant’s ids, and changes nothing', async () => {
    const a = await harness.newTenant('A');
    const b = await harness.newTenant('B');
    const epA = await endpoint(a.api, { description: 'A’s' });
    const evA = await send(a.api, { type: 'order.created', data: { secret: 'of A' } });
    const dlvA: string = evA.body.deliveries[0].id;
    await db().delivery.update({ where: { id: dlvA }, data: { status: 'failed', jobToken: null } });
    await endpoint(b.api, { url: URL_B });

    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/endpoints/${epA.id}`],
      ['PATCH', `/api/v1/endpoints/${epA.id}`, { description: 'B was here', disabled: true }],
      ['DELETE', `/api/v1/endpoints/${epA.id}`],
      ['POST', `/api/v1/endpoints/${epA.id}/rotate-secret`, { graceHours: 0 }],
      ['GET', `/api/v1/endpoints/${epA.id}/secret`],
      ['POST', `/api/v1/endpoints/${epA.id}/recover`, { since: new Date(Date.now() - 3_600_000).toISOString() }],
      ['GET', `/api/v1/events/${evA.body.id}`],
      ['GET', `/api/v1/deliveries/${dlvA}`],
      ['POST', `/api/v1/deliveries/${dlvA}/retry`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await b.api(method, path, body === undefined ? {} : { body });
      expectError(res, 404, 'not_found');
      expect(JSON.stringify(res.body), `${method} ${path}`).not.toContain('of A');
      expect(JSON.stringify(res.body)).not.toContain(epA.secret);
    }

    // A's rows are as they were.
    const readA = await a.api('GET', `/api/v1/endpoints/${epA.id}`);
    expect(readA.body).toMatchObject({ description: 'A’s', disabled: false });
    expect((await a.api('GET', `/api/v1/endpoints/${epA.id}/secret`)).body).toEqual({ secret: epA.secret, previous: [] });
    const delivery = await db().delivery.findUniqueOrThrow({ where: { id: dlvA } });
    // No retry or recovery took it over: either would have given it a new job token.
    expect(delivery).toMatchObject({ status: 'failed', jobToken: null });
  });

  it('never lists another tenant’s rows, even when filtered by their ids', async () => {
    const a = await harness.newTenant('A');
    const b = await harness.newTenant('B');
    const epA = await endpoint(a.api);
    const evA = await send(a.api, { type: 'order.created', data: {} });
    const epB = await endpoint(b.api, { url: URL_B });
    const evB = await send(b.api, { type: 'order.created', data: {} });
    // B's event fans out to B's endpoint only.
    expect(evB.body.deliveries).toEqual([{ id: expect.any(String), endpointId: epB.id }]);

    const endpointsB = await b.api('GET', '/api/v1/endpoints');
    expect(endpointsB.body.data.map((e: { id: string }) => e.id)).toEqual([epB.id]);
    const deliveriesB = await b.api('GET', '/api/v1/deliveries');
    expect(deliveriesB.body.data.map((d: { id: string }) => d.id)).toEqual([evB.body.deliveries[0].id]);
    for (const query of [`endpointId=${epA.id}`, `eventId=${evA.body.id}`, 'eventType=order.created&status=pending']) {
      const res = await b.api('GET', `/api/v1/deliveries?${query}`);
      expect(res.status).toBe(200);
      expect(res.body.data.every((d: { endpointId: string }) => d.endpointId === epB.id), query).toBe(true);
    }
    expect((await b.api('GET', `/api/v1/deliveries?endpointId=${epA.id}`)).body).toEqual({ data: [], nextCursor: null });
    // A cursor past every id still lists only B's rows.
    const paged = await b.api('GET', `/api/v1/endpoints?cursor=${'ep_ZZZZZZZZZZZZZZZZZZZZZZZZZZ'}`);
    expect(paged.body.data.map((e: { id: string }) => e.id)).toEqual([epB.id]);
  });
});

describe('endpoints', () => {
  it('creates an endpoint with a whsec_ secret shown once: never in GET or the list', async () => {
    const { api } = await harness.newTenant();
    const created = await api('POST', '/api/v1/endpoints', {
      body: { url: URL_A, description: 'orders', eventTypes: ['order.created'], rateLimitPerSecond: 10, ordered: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^ep_/),
      url: URL_A,
      description: 'orders',
      eventTypes: ['order.created'],
      rateLimitPerSecond: 10,
      ordered: true,
      disabled: false,
      disabledAt: null,
      disabledReason: null,
    });
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);

    const read = await api('GET', `/api/v1/endpoints/${created.body.id}`);
    expect(read.status).toBe(200);
    const { secret: _shownOnce, ...withoutSecret } = created.body;
    expect(read.body).toEqual(withoutSecret);
    const list = await api('GET', '/api/v1/endpoints');
    expect(list.body).toEqual({ data: [withoutSecret], nextCursor: null });
    for (const text of [JSON.stringify(read.body), JSON.stringify(list.body)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice('whsec_'.length));
      expect(text).not.toMatch(/"secret"/);
    }
    // The secret is readable on purpose at its own route.
    expect((await api('GET', `/api/v1/endpoints/${created.body.id}/secret`)).body).toEqual({ secret, previous: [] });
    // And stored encrypted, never in clear.
    const row = await db().endpointSecret.findFirstOrThrow({ where: { endpointId: created.body.id }, omit: { ciphertext: false } });
    expect(row.ciphertext).not.toContain(secret.slice('whsec_'.length));
  });

  it('changes url, eventTypes and description with PATCH', async () => {
    const { api } = await harness.newTenant();
    const ep = await endpoint(api, { description: 'before', eventTypes: ['a.b'] });
    const patched = await api('PATCH', `/api/v1/endpoints/${ep.id}`, {
      body: { url: URL_B, eventTypes: ['order.created', 'order.deleted'], description: 'after' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: ep.id, url: URL_B, eventTypes: ['order.created', 'order.deleted'], description: 'after' });
    expect(patched.body.secret).toBeUndefined();
    expect((await api('GET', `/api/v1/endpoints/${ep.id}`)).body).toEqual(patched.body);

    // The new filter is the one fan-out uses.
    expect((await send(api, { type: 'a.b', data: {} })).body.deliveries).toEqual([]);
    expect((await send(api, { type: 'order.deleted', data: {} })).body.deliveries).toEqual([{ id: expect.any(String), endpointId: ep.id }]);

    // Only what is sent changes; an empty filter means every type.
    const cleared = await api('PATCH', `/api/v1/endpoints/${ep.id}`, { body: { eventTypes: [] } });
    expect(cleared.body).toMatchObject({ url: URL_B, description: 'after', eventTypes: [] });
    expect((await send(api, { type: 'anything.else', data: {} })).body.deliveries).toHaveLength(1);
  });

  it('disables an endpoint with a reason, gives it no new deliveries, and re-enables it', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    const ep = await endpoint(api);
    const other = await endpoint(api, { url: URL_B });

    const disabled = await api('PATCH', `/api/v1/endpoints/${ep.id}`, { body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, disabledAt: expect.any(String), disabledReason: expect.any(String) });
    expect(disabled.body.disabledReason.length).toBeGreaterThan(0);
    expect((await api('GET', `/api/v1/endpoints/${ep.id}`)).body).toMatchObject({ disabled: true, disabledReason: disabled.body.disabledReason });

    const whileDisabled = await send(api, { type: 'order.created', data: {} });
    expect(whileDisabled.body.deliveries).toEqual([{ id: expect.any(String), endpointId: other.id }]);
    expect(await db().delivery.count({ where: { tenantId, endpointId: ep.id } })).toBe(0);

    const enabled = await api('PATCH', `/api/v1/endpoints/${ep.id}`, { body: { disabled: false } });
    expect(enabled.body).toMatchObject({ disabled: false, disabledAt: null, disabledReason: null });
    const afterwards = await send(api, { type: 'order.created', data: {} });
    expect(afterwards.body.deliveries.map((d: { endpointId: string }) => d.endpointId).sort()).toEqual([ep.id, other.id].sort());
  });

  it('deletes an endpoint: 204, then 404 everywhere', async () => {
    const { id: tenantId, api } = await harness.newTenant();
    const ep = await endpoint(api);
    const keep = await endpoint(api, { url: URL_B });
    await send(api, { type: 'order.created', data: {} });

    const deleted = await api('DELETE', `/api/v1/endpoints/${ep.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expectError(await api('GET', `/api/v1/endpoints/${ep.id}`), 404, 'not_found');
    expectError(await api('DELETE', `/api/v1/endpoints/${ep.id}`), 404, 'not_found');
    expectError(await api('PATCH', `/api/v1/endpoints/${ep.id}`, { body: { description: 'x' } }), 404, 'not_found');
    expectError(await api('GET', `/api/v1/endpoints/${ep.id}/secret`), 404, 'not_found');
    expect((await api('GET', '/api/v1/endpoints')).body.data.map((e: { id: string }) => e.id)).toEqual([keep.id]);
    expect(await db().endpointSecret.count({ where: { endpointId: ep.id } })).toBe(0);
    expect(await db().delivery.count({ where: { tenantId, endpointId: ep.id } })).toBe(0);
    expect(await db().delivery.count({ where: { tenantId, endpointId: keep.id } })).toBe(1);
  });

  it('walks a cursor-paginated list: 5 endpoints, limit 2, 3 pages, newest first', async () => {
    const { api } = await harness.newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await endpoint(api, { description: `#${i}` })).id);

    const pages = await listAll(api, '/api/v1/endpoints', 2);
    expect(pages.map((p) => p.ids.length)).toEqual([2, 2, 1]);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    const seen = pages.flatMap((p) => p.ids);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual([...ids].sort().reverse());
    // An exact multiple of the page size ends with a null cursor, not an empty page.
    expect((await listAll(api, '/api/v1/endpoints', 5)).map((p) => [p.ids.length, p.nextCursor])).toEqual([[5, null]]);
  });
});

describe('deliveries list', () => {
  let api: Api;
  let ep1: string;
  let ep2: string;
  let e1: { id: string; deliveries: { id: string; endpointId: string }[] };
  let e2: typeof e1;
  let e3: typeof e1;
  let old: string;

  beforeAll(async () => {
    const tenant = await harness.newTenant();
    api = tenant.api;
    ep1 = (await endpoint(api)).id;
    ep2 = (await endpoint(api, { url: URL_B, eventTypes: ['invoice.paid'] })).id;
    e1 = (await send(api, { type: 'order.created', data: { i: 1 } })).body;
    e2 = (await send(api, { type: 'invoice.paid', data: { i: 2 } })).body;
    e3 = (await send(api, { type: 'order.created', data: { i: 3 } })).body;
    expect([e1.deliveries.length, e2.deliveries.length, e3.deliveries.length]).toEqual([1, 2, 1]);
    const toEp2 = e2.deliveries.find((d) => d.endpointId === ep2)!.id;
    await db().delivery.update({ where: { id: e1.deliveries[0]!.id }, data: { status: 'succeeded' } });
    await db().delivery.update({ where: { id: toEp2 }, data: { status: 'failed' } });
    old = e1.deliveries[0]!.id;
    await db().$executeRaw`update deliveries set created_at = now() - interval '2 hours' where id = ${old}`;
  });

  const ids = async (query: string) => {
    const res = await api('GET', `/api/v1/deliveries${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.data as { id: string }[]).map((d) => d.id).sort();
  };
  const all = () => [...e1.deliveries, ...e2.deliveries, ...e3.deliveries].map((d) => d.id).sort();
  const of = (event: typeof e1, endpointId?: string) => event.deliveries.filter((d) => !endpointId || d.endpointId === endpointId).map((d) => d.id);

  it('lists every delivery of the tenant without filters', async () => {
    expect(await ids('')).toEqual(all());
  });

  it('filters by status', async () => {
    expect(await ids('?status=failed')).toEqual(of(e2, ep2));
    expect(await ids('?status=succeeded')).toEqual([old]);
    expect(await ids('?status=pending')).toEqual([...of(e2, ep1), ...of(e3)].sort());
    expect(await ids('?status=retrying')).toEqual([]);
  });

  it('filters by endpointId, eventId and eventType', async () => {
    expect(await ids(`?endpointId=${ep2}`)).toEqual(of(e2, ep2));
    expect(await ids(`?endpointId=${ep1}`)).toEqual([...of(e1), ...of(e2, ep1), ...of(e3)].sort());
    expect(await ids(`?eventId=${e2.id}`)).toEqual(of(e2).sort());
    expect(await ids('?eventType=order.created')).toEqual([...of(e1), ...of(e3)].sort());
    expect(await ids('?eventType=invoice.paid')).toEqual(of(e2).sort());
    expect(await ids('?eventType=never.sent')).toEqual([]);
    expect(await ids(`?endpointId=${ep1}&eventType=order.created&status=pending`)).toEqual(of(e3));
  });

  it('filters by a time range: since inclusive, until exclusive', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const row = await db().delivery.findUniqueOrThrow({ where: { id: old } });
    expect(await ids(`?since=${hourAgo}`)).toEqual(all().filter((id) => id !== old));
    expect(await ids(`?until=${hourAgo}`)).toEqual([old]);
    expect(await ids(`?since=${row.createdAt.toISOString()}&until=${hourAgo}`)).toEqual([old]);
    expect(await ids(`?until=${row.createdAt.toISOString()}`)).toEqual([]);
    // An offset other than Z, URL-encoded as a client would.
    const plusTwo = new Date(Date.now() - 3_600_000 + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    expect(await ids(`?since=${encodeURIComponent(plusTwo)}`)).toEqual(all().filter((id) => id !== old));
  });

  it('paginates with a cursor, alone and under a filter', async () => {
    const pages = await listAll(api, '/api/v1/deliveries', 3);
    expect(pages.map((p) => p.ids.length)).toEqual([3, 1]);
    expect(pages.flatMap((p) => p.ids).sort()).toEqual(all());
    const filtered = await listAll(api, `/api/v1/deliveries?endpointId=${ep1}`, 1);
    expect(filtered.map((p) => p.ids.length)).toEqual([1, 1, 1]);
    expect(filtered.flatMap((p) => p.ids).sort()).toEqual([...of(e1), ...of(e2, ep1), ...of(e3)].sort());
  });
});

describe('events', () => {
  it('reads an event with its data and deliveries', async () => {
    const { api } = await harness.newTenant();
    const ep = await endpoint(api);
    const data = { amount: 4200, nested: { list: [1, 'two', null] }, note: 'ünïcødé' };
    const sent = await send(api, { type: 'invoice.paid', data });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ id: expect.stringMatching(/^msg_/), type: 'invoice.paid', createdAt: expect.any(String), deliveries: [{ id: expect.any(String), endpointId: ep.id }] });

    const read = await api('GET', `/api/v1/events/${sent.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: sent.body.id, type: 'invoice.paid', createdAt: sent.body.createdAt, data });
    expect(read.body.deliveries).toEqual([
      expect.objectContaining({ id: sent.body.deliveries[0].id, eventId: sent.body.id, endpointId: ep.id, status: 'pending', attemptCount: 0 }),
    ]);
    expectError(await api('GET', '/api/v1/events/msg_DOESNOTEXIST'), 404, 'not_found');
    const delivery = await api('GET', `/api/v1/deliveries/${sent.body.deliveries[0].id}`);
    expect(delivery.body).toMatchObject({ id: sent.body.deliveries[0].id, event: { id: sent.body.id, data }, attempts: [] });
  });
});

describe('health and metrics', () => {
  it('is ready on the migrated database', async () => {
    const res = await ready();
    expect(res.status).toBe(200);
    // No canary has run in this database: its detail says so, and readiness holds.
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', pendingMigrations: [], canary: { status: 'unknown', lastSuccessAt: null, latencyMs: null } });
  });

  it('serves Prometheus text that counts API requests', async () => {
    const { api } = await harness.newTenant();
    await api('GET', '/api/v1/endpoints');
    await api('GET', '/api/v1/endpoints');
    await apiClient(null)('GET', '/api/v1/endpoints');
    const res = await metricsRoute(new Request('http://localhost/api/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('# TYPE hookline_http_requests_total counter');
    const count = (status: number) => {
      const line = text.split('\n').find((l) => l.startsWith('hookline_http_requests_total{') && l.includes('route="/v1/endpoints"') && l.includes('method="GET"') && l.includes(`status="${status}"`));
      return line ? Number(line.split(' ').at(-1)) : 0;
    };
    expect(count(200)).toBeGreaterThanOrEqual(2);
    expect(count(401)).toBeGreaterThanOrEqual(1);
    expect(text).toContain('hookline_http_request_duration_seconds_bucket');
  });
});
