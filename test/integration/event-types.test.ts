// The event-type catalog through its real route handlers and a real database: types with
// a JSON Schema, checked at ingest (accept and reject, with the exact path), archived,
// updated and isolated per tenant. No worker runs here: accepted events' jobs stay queued.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as eventTypeRoute from '@/app/api/v1/event-types/[name]/route';
import * as eventTypesRoute from '@/app/api/v1/event-types/route';
import { db } from '@/lib/db';
import { queuedJobs } from '../support/queued-jobs.ts';
import { REFRESH_MS } from '@/lib/event-types/registered-types';
import { buildOpenApiDocument } from '@/lib/openapi/build-document';
import type { ApiResponse } from '../support/api.ts';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

type Tenant = Awaited<ReturnType<Harness['newTenant']>>;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** /api/v1/event-types[/:name] through the route modules, as Next calls them (the name decoded). */
async function catalog(tenant: Tenant, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path = '', body?: unknown): Promise<ApiResponse> {
  const url = new URL(`/api/v1/event-types${path}`, 'http://localhost');
  const segments = url.pathname.split('/').slice(4).filter(Boolean);
  if (segments.length > 1) throw new Error(`no route for ${url.pathname}`);
  const module = (segments.length > 0 ? eventTypeRoute : eventTypesRoute) as Partial<Record<string, Handler>>;
  const request = new Request(url, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${tenant.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  });
  const params: Record<string, string> = segments.length > 0 ? { name: decodeURIComponent(segments[0]!) } : {};
  const response = await module[method]!(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

function expectError(res: ApiResponse, status: number, code: string, path?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message.length).toBeGreaterThan(0);
  if (path !== undefined) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
}

const ORDER_SCHEMA = {
  type: 'object',
  required: ['orderId', 'amount', 'customer', 'lines'],
  properties: {
    orderId: { type: 'string' },
    amount: { type: 'integer', minimum: 0 },
    customer: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } },
    lines: { type: 'array', items: { type: 'object', required: ['sku', 'quantity'], properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } } } },
  },
};
const GOOD_ORDER = { orderId: 'o_1', amount: 1250, customer: { email: 'ada@example.com' }, lines: [{ sku: 'A-1', quantity: 2 }] };

async function register(tenant: Tenant, name: string, schema: Record<string, unknown> | null = ORDER_SCHEMA, extra: Record<string, unknown> = {}) {
  const res = await catalog(tenant, 'POST', '', { name, description: `${name} happened`, schema, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; updatedAt: string };
}

async function endpointFor(tenant: Tenant, eventTypes: string[] = []) {
  const res = await tenant.api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/hooks', eventTypes } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const send = (tenant: Tenant, type: string, data: unknown, headers: Record<string, string> = {}) => tenant.api('POST', '/api/v1/events', { body: { type, data }, headers });

async function stored(tenantId: string) {
  const [events, deliveries] = await Promise.all([db().event.count({ where: { tenantId } }), db().delivery.findMany({ where: { tenantId }, select: { id: true } })]);
  // Deliveries queued in jobs (a fan-out job carries its event's).
  return { events, deliveries: deliveries.length, jobs: (await queuedJobs(deliveries.map((d) => d.id))).length };
}

describe('the catalog', () => {
  it('registers a type with a schema and an example, reads it by name and lists it by name', async () => {
    const t = await harness.newTenant();
    const created = await catalog(t, 'POST', '', { name: 'order.created', description: 'An order was placed', schema: ORDER_SCHEMA, example: GOOD_ORDER });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^etyp_/),
      name: 'order.created',
      description: 'An order was placed',
      schema: ORDER_SCHEMA,
      example: GOOD_ORDER,
      archived: false,
      archivedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // A name with a slash, read back with it encoded (%2F).
    await register(t, 'billing/invoice.paid', null);
    await register(t, 'account.closed', null);
    expect((await catalog(t, 'GET', '/order.created')).body).toEqual(created.body);
    expect((await catalog(t, 'GET', '/billing%2Finvoice.paid')).body.name).toBe('billing/invoice.paid');

    const first = await catalog(t, 'GET', '?limit=2');
    expect(first.body.data.map((e: { name: string }) => e.name)).toEqual(['account.closed', 'billing/invoice.paid']);
    expect(first.body.nextCursor).toBe('billing/invoice.paid');
    const second = await catalog(t, 'GET', `?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toEqual({ data: [created.body], nextCursor: null });
  });

  it('refuses a schema that is not a valid JSON Schema with a 400 naming `schema`, storing nothing', async () => {
    const t = await harness.newTenant();
    const cases: [unknown, string][] = [
      [{ type: 'object', properties: { amount: { type: 'numbr' } } }, 'schema.properties.amount.type'],
      [{ type: 'object', requird: ['amount'] }, 'schema'],
      [{ type: 'string', format: 'currency' }, 'schema'],
      [{ $ref: 'https://schemas.example.com/order.json' }, 'schema'],
      [{ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }, 'schema.$schema'],
      // Patterns run on RE2 (linear time), which has no lookaround or backreferences.
      [{ type: 'string', pattern: '^(?=a)a+$' }, 'schema.pattern'],
      [{ type: 'object', properties: { code: { type: 'string', pattern: '^(a)\\1$' } } }, 'schema.properties.code.pattern'],
      [{ type: 'object', patternProperties: { '^(?!internal_)': { type: 'string' } } }, 'schema.patternProperties.^(?!internal_)'],
      [{ $id: 'https://example.com/order', type: 'object' }, 'schema.$id'],
      ['{"type":"object"}', 'schema'],
      [[{ type: 'object' }], 'schema'],
    ];
    for (const [schema, path] of cases) {
      const res = await catalog(t, 'POST', '', { name: 'order.created', schema });
      expectError(res, 400, 'invalid_request', path);
      expect(res.body.error.message, JSON.stringify(schema)).toContain('schema');
    }
    expect(await db().eventType.count({ where: { tenantId: t.id } })).toBe(0);
  });

  it('refuses an example that does not match the schema with a 400 naming `example`, on create and on a schema change', async () => {
    const t = await harness.newTenant();
    const bad = await catalog(t, 'POST', '', { name: 'order.created', schema: ORDER_SCHEMA, example: { ...GOOD_ORDER, amount: 'lots' } });
    expectError(bad, 400, 'invalid_request', 'example.amount');
    expect(bad.body.error.details[0]).toEqual({ path: 'example.amount', message: 'must be integer' });
    expect(await db().eventType.count({ where: { tenantId: t.id } })).toBe(0);

    await register(t, 'order.created', ORDER_SCHEMA, { example: GOOD_ORDER });
    // The stored example no longer fits the new schema: refused, nothing changed.
    const change = await catalog(t, 'PATCH', '/order.created', { schema: { type: 'object', required: ['refundId'] } });
    expectError(change, 400, 'invalid_request', 'example.refundId');
    expect((await catalog(t, 'GET', '/order.created')).body.schema).toEqual(ORDER_SCHEMA);
    // Both at once is fine.
    const both = await catalog(t, 'PATCH', '/order.created', { schema: { type: 'object', required: ['refundId'] }, example: { refundId: 'r_1' } });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
  });

  it('names bad fields: a name outside the charset, a duplicate (409), an unknown or unchangeable field', async () => {
    const t = await harness.newTenant();
    expectError(await catalog(t, 'POST', '', { name: 'order created!' }), 400, 'invalid_request', 'name');
    expectError(await catalog(t, 'POST', '', { name: 'order.created', description: 'x'.repeat(1001) }), 400, 'invalid_request', 'description');
    expectError(await catalog(t, 'POST', '', { name: 'order.created', example: [1] }), 400, 'invalid_request', 'example');
    await register(t, 'order.created');
    expectError(await catalog(t, 'POST', '', { name: 'order.created' }), 409, 'conflict', 'name');
    expectError(await catalog(t, 'PATCH', '/order.created', { name: 'order.renamed' }), 400, 'invalid_request', 'name');
    expectError(await catalog(t, 'GET', '/order.missing'), 404, 'not_found');
  });
});

describe('ingest against a registered schema', () => {
  it('accepts an event whose data matches, and delivers it as sent', async () => {
    const t = await harness.newTenant();
    await register(t, 'order.created');
    const ep = await endpointFor(t, ['order.created']);
    const res = await send(t, 'order.created', GOOD_ORDER);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.deliveries).toEqual([{ id: expect.any(String), endpointId: ep.id }]);
    const event = await db().event.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(JSON.parse(event.body).data).toEqual(GOOD_ORDER);
  });

  it('refuses data that does not match with a 400 naming the exact path, and stores nothing', async () => {
    const t = await harness.newTenant();
    await register(t, 'order.created');
    await endpointFor(t);
    const { lines, ...withoutLines } = GOOD_ORDER;
    const cases: [unknown, string, string][] = [
      [withoutLines, 'data.lines', 'is required'],
      [{ ...GOOD_ORDER, amount: '12.50' }, 'data.amount', 'must be integer'],
      [{ ...GOOD_ORDER, amount: -1 }, 'data.amount', 'must be >= 0'],
      [{ ...GOOD_ORDER, customer: {} }, 'data.customer.email', 'is required'],
      [{ ...GOOD_ORDER, customer: { email: 'not-an-email' } }, 'data.customer.email', 'must match format "email"'],
      [{ ...GOOD_ORDER, lines: [...lines, { sku: 'B-2', quantity: 0 }] }, 'data.lines.1.quantity', 'must be >= 1'],
      [{ ...GOOD_ORDER, lines: [{ quantity: 1 }] }, 'data.lines.0.sku', 'is required'],
    ];
    for (const [data, path, message] of cases) {
      const res = await send(t, 'order.created', data);
      expectError(res, 400, 'invalid_request');
      expect(res.body.error.details[0], JSON.stringify(data)).toEqual({ path, message });
      expect(res.body.error.message).toBe(`${path}: ${message} (the schema of event type "order.created")`);
    }
    // Every problem at once, not only the first.
    const many = await send(t, 'order.created', { orderId: 7, amount: 'x', customer: { email: 'nope' } });
    expect(many.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['data.amount', 'data.customer.email', 'data.lines', 'data.orderId']);
    // Refused with an Idempotency-Key too: the key stays free for a correct request.
    expectError(await send(t, 'order.created', { ...GOOD_ORDER, amount: 'x' }, { 'idempotency-key': 'k1' }), 400, 'invalid_request', 'data.amount');
    expect(await stored(t.id)).toEqual({ events: 0, deliveries: 0, jobs: 0 });
    expect((await send(t, 'order.created', GOOD_ORDER, { 'idempotency-key': 'k1' })).status).toBe(202);
  });

  it('accepts any data for a type that is not registered, or registered without a schema', async () => {
    const t = await harness.newTenant();
    await register(t, 'order.created');
    await register(t, 'order.noted', null);
    await endpointFor(t);
    expect((await send(t, 'order.updated', { anything: ['goes'] })).status).toBe(202);
    expect((await send(t, 'order.noted', { amount: 'free-form' })).status).toBe(202);
    expect(await stored(t.id)).toEqual({ events: 2, deliveries: 2, jobs: 2 });
  });

  it('stops checking an archived type; creating its name again restores it, checked again', async () => {
    const t = await harness.newTenant();
    await register(t, 'order.created');
    expectError(await send(t, 'order.created', { amount: 'x' }), 400, 'invalid_request', 'data.amount');

    const archived = await catalog(t, 'DELETE', '/order.created');
    expect(archived.status).toBe(204);
    expect((await send(t, 'order.created', { amount: 'x' })).status).toBe(202);
    expect((await catalog(t, 'GET', '/order.created')).body).toMatchObject({ archived: true, archivedAt: expect.any(String) });
    expect((await catalog(t, 'GET', '')).body.data).toEqual([]);
    expect((await catalog(t, 'GET', '?includeArchived=true')).body.data.map((e: { name: string }) => e.name)).toEqual(['order.created']);

    const restored = await catalog(t, 'POST', '', { name: 'order.created', description: 'Restored', schema: { type: 'object', required: ['restored'] } });
    expect(restored.status, JSON.stringify(restored.body)).toBe(201);
    expect(restored.body).toMatchObject({ archived: false, description: 'Restored' });
    expectError(await send(t, 'order.created', { amount: 1 }), 400, 'invalid_request', 'data.restored');
    // PATCH { archived } works both ways too.
    expect((await catalog(t, 'PATCH', '/order.created', { archived: true })).body.archived).toBe(true);
    expect((await send(t, 'order.created', { amount: 1 })).status).toBe(202);
  });

  it('applies an update to the very next event in the same process', async () => {
    const t = await harness.newTenant();
    await register(t, 'order.created', { type: 'object', properties: { amount: { type: 'integer' } } });
    const replayable = await send(t, 'order.created', { amount: 5 }, { 'idempotency-key': 'before-change' });
    expect(replayable.status).toBe(202);

    const update = await catalog(t, 'PATCH', '/order.created', { schema: { type: 'object', properties: { amount: { type: 'string' } } } });
    expect(update.status, JSON.stringify(update.body)).toBe(200);
    expectError(await send(t, 'order.created', { amount: 5 }), 400, 'invalid_request', 'data.amount');
    expect((await send(t, 'order.created', { amount: '5' })).status).toBe(202);
    // A replay answers as the first time did, although that data no longer matches.
    const replay = await send(t, 'order.created', { amount: 5 }, { 'idempotency-key': 'before-change' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(replayable.body);

    // Removing the schema: any data again.
    await catalog(t, 'PATCH', '/order.created', { schema: null });
    expect((await send(t, 'order.created', { amount: [] })).status).toBe(202);
  });

  it('checks the first event after a quiet spell against the schema another process changed, on the very first try', async () => {
    const t = await harness.newTenant();
    await register(t, 'order.created', { type: 'object', required: ['amount'] });
    // This process now holds the tenant's list, with the type's version of that moment.
    expectError(await send(t, 'order.created', {}), 400, 'invalid_request', 'data.amount');
    const change = async (schema: Record<string, unknown>) => {
      // Another app instance changed the row (Prisma sets updated_at): this process did not drop its cache.
      await db().$executeRaw`update event_types set schema = ${JSON.stringify(schema)}::jsonb, updated_at = updated_at + interval '1 second' where tenant_id = ${t.id}`;
      // Past the refresh window: the list this process holds is now stale.
      await sleep(REFRESH_MS + 200);
    };
    // Relaxed elsewhere: a 400 is final for producers, so the old schema must not answer it.
    await change({ type: 'object' });
    expect((await send(t, 'order.created', {})).status).toBe(202);
    // Tightened elsewhere: refused at once, naming the new requirement.
    await change({ type: 'object', required: ['currency'] });
    const refused = await send(t, 'order.created', { amount: 1 });
    expectError(refused, 400, 'invalid_request');
    expect(refused.body.error.details).toEqual([{ path: 'data.currency', message: 'is required' }]);
  });

  it('runs patterns in linear time: an exponential-backtracking pattern is answered, a normal one still decides', async () => {
    const t = await harness.newTenant();
    // Refused at registration, not at ingest: RE2 has no lookahead (V8 had, so this was 201).
    expectError(await catalog(t, 'POST', '', { name: 'code.used', schema: { type: 'object', properties: { code: { type: 'string', pattern: '^(?=\\d)\\w+$' } } } }), 400, 'invalid_request', 'schema.properties.code.pattern');
    // On V8 these took ~2^40 steps for 41 characters (18 s for 29): the process blocked.
    const evil = { type: 'object', properties: { a: { type: 'string', pattern: '^(a|a)+$' }, w: { type: 'string', pattern: '^(\\w+\\s?)*$' } } };
    const nearMiss = { a: `${'a'.repeat(40)}b`, w: `${'word '.repeat(30)}!` };
    // The example is checked at registration with the same engine.
    expectError(await catalog(t, 'POST', '', { name: 'evil.happened', schema: evil, example: nearMiss }), 400, 'invalid_request', 'example.a');
    await register(t, 'evil.happened', evil, { example: { a: 'aaa', w: 'two words' } });
    const refused = await send(t, 'evil.happened', nearMiss);
    expectError(refused, 400, 'invalid_request');
    expect(refused.body.error.details).toEqual([
      { path: 'data.a', message: 'must match pattern "^(a|a)+$"' },
      { path: 'data.w', message: 'must match pattern "^(\\w+\\s?)*$"' },
    ]);
    expect((await send(t, 'evil.happened', { a: 'a'.repeat(40), w: 'two words' })).status).toBe(202);

    await register(t, 'invoice.paid', { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^in_[0-9]{3,}$' } }, patternProperties: { '^x_': { type: 'integer' } } });
    expect((await send(t, 'invoice.paid', { id: 'in_123', x_count: 2 })).status).toBe(202);
    expectError(await send(t, 'invoice.paid', { id: 'in_12x' }), 400, 'invalid_request', 'data.id');
    expectError(await send(t, 'invoice.paid', { id: 'in_123', x_count: 'two' }), 400, 'invalid_request', 'data.x_count');
    expect(await stored(t.id)).toEqual({ events: 2, deliveries: 0, jobs: 0 });
  });

  it('names only the first problem of large data (100,000 bad items), so a 400 costs no more than a check', async () => {
    const t = await harness.newTenant();
    await register(t, 'batch.ready', { type: 'object', properties: { items: { type: 'array', items: { type: 'integer' } } } });
    const res = await send(t, 'batch.ready', { items: Array(100_000).fill('x') });
    expectError(res, 400, 'invalid_request');
    expect(res.body.error.details).toEqual([{ path: 'data.items.0', message: 'must be integer' }]);
    // Small data still lists every problem (up to 10).
    const small = await send(t, 'batch.ready', { items: ['a', 1, 'b'] });
    expect(small.body.error.details).toEqual([
      { path: 'data.items.0', message: 'must be integer' },
      { path: 'data.items.2', message: 'must be integer' },
    ]);
  });
});

describe('tenant isolation', () => {
  it('never validates my events with another tenant’s type, which I can neither see nor change', async () => {
    const mine = await harness.newTenant('Mine');
    const theirs = await harness.newTenant('Theirs');
    const their = await register(theirs, 'order.created', { type: 'object', required: ['theirField'] }, { example: { theirField: 'secret-ish' } });

    expect((await send(mine, 'order.created', { mine: true })).status).toBe(202);
    expectError(await send(theirs, 'order.created', { mine: true }), 400, 'invalid_request', 'data.theirField');

    for (const [method, body] of [['GET'], ['PATCH', { description: 'mine now' }], ['DELETE']] as const) {
      const res = await catalog(mine, method, '/order.created', body);
      expectError(res, 404, 'not_found');
      expect(JSON.stringify(res.body)).not.toContain('secret-ish');
    }
    expect((await catalog(mine, 'GET', '?includeArchived=true')).body).toEqual({ data: [], nextCursor: null });
    // The same name in my tenant is mine, with my own schema.
    await register(mine, 'order.created', { type: 'object', required: ['myField'] });
    expectError(await send(mine, 'order.created', { theirField: 1 }), 400, 'invalid_request', 'data.myField');
    expect((await send(theirs, 'order.created', { theirField: 1 })).status).toBe(202);
    expect((await catalog(theirs, 'GET', '/order.created')).body).toMatchObject({ id: their.id, description: 'order.created happened', archived: false });
  });
});

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument();
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // Component refs as $defs, and objects closed: a field the serializer adds undocumented fails.
  const closed = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(closed);
    if (!value || typeof value !== 'object') return value;
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' ? String(v).replace('#/components/schemas/', '#/$defs/') : closed(v)]));
    if (out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  };
  function expectDocumented(method: string, template: string, res: ApiResponse) {
    const op = (doc.paths?.[template] as Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>)[method.toLowerCase()]!;
    const response = op.responses[String(res.status)];
    expect(response, `${method} ${template} documents ${res.status}`).toBeDefined();
    const schema = response!.content?.['application/json']?.schema;
    if (!schema) return expect(res.body).toBeNull();
    const validate = ajv.compile({ ...(closed(schema) as object), $defs: closed(doc.components?.schemas ?? {}) });
    expect(validate(res.body), `${method} ${template} ${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }

  it('describes every answer of the catalog routes as they are', async () => {
    const t = await harness.newTenant();
    const one = '/api/v1/event-types/{name}';
    expectDocumented('POST', '/api/v1/event-types', await catalog(t, 'POST', '', { name: 'order.created', schema: ORDER_SCHEMA, example: GOOD_ORDER }));
    expectDocumented('POST', '/api/v1/event-types', await catalog(t, 'POST', '', { name: 'order.created' }));
    expectDocumented('POST', '/api/v1/event-types', await catalog(t, 'POST', '', { name: 'order.bad', schema: { type: 'nope' } }));
    expectDocumented('GET', '/api/v1/event-types', await catalog(t, 'GET', '?limit=1'));
    expectDocumented('GET', one, await catalog(t, 'GET', '/order.created'));
    expectDocumented('PATCH', one, await catalog(t, 'PATCH', '/order.created', { description: 'Placed' }));
    expectDocumented('DELETE', one, await catalog(t, 'DELETE', '/order.created'));
    expectDocumented('GET', one, await catalog(t, 'GET', '/order.missing'));
    expect(Object.keys(doc.paths ?? {}).filter((p) => p.startsWith('/api/v1/event-types'))).toEqual(['/api/v1/event-types', one]);
  });
});
