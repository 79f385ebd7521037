// The OpenAPI document against the code. (a) Every route file under app/api/v1 and each
// method it exports is documented at the same path, and every documented operation has
// one. (b) The document holds together: OpenAPI 3.1, every $ref resolves, path
// parameters match the templates, every schema compiles as JSON Schema 2020-12. (c) Real
// answers of the real handlers (real Postgres, a real worker delivering to a loopback
// receiver) validate against the documented response for their status; objects are
// closed for this check, so a field a serializer adds without a doc change fails.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as openApiRoute } from '@/app/api/openapi.json/route';
import { buildOpenApiDocument, type OpenApiDocument } from '@/lib/openapi/build-document';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const V1_DIR = fileURLToPath(new URL('../../app/api/v1/', import.meta.url));

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { template: string; pattern: RegExp; module: Partial<Record<string, Handler>> };

/**
 * Every app/api/v1/**\/route.ts but the catch-all, as `/api/v1/endpoints/{id}` and its
 * module; those with fewer parameters first, so `/events/batch` wins over `/events/{id}`
 * as it does in Next.
 */
async function discoverRoutes(): Promise<Route[]> {
  const files = readdirSync(V1_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)route\.ts$/.test(f) && !f.includes('[...'));
  const parameters = (route: Route) => route.template.split('{').length;
  const routes = await Promise.all(
    files.map(async (file) => {
      const dir = file.replace(/\/?route\.ts$/, '');
      const template = `/api/v1${dir ? `/${dir}` : ''}`.replace(/\[([^\]]+)\]/g, '{$1}');
      const pattern = new RegExp(`^${template.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`);
      return { template, pattern, module: (await import(`${V1_DIR}${file}`)) as Route['module'] };
    }),
  );
  return routes.sort((a, b) => parameters(a) - parameters(b));
}

const routeOperations = (routes: Route[]) =>
  routes.flatMap((r) => METHODS.filter((m) => typeof r.module[m] === 'function').map((m) => `${m} ${r.template}`)).sort();

const documentedOperations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths ?? {})
    .flatMap(([path, item]) => METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((m) => `${m} ${path}`))
    .sort();

function drift(routes: string[], documented: string[]) {
  return { undocumented: routes.filter((op) => !documented.includes(op)), unrouted: documented.filter((op) => !routes.includes(op)) };
}

let doc: OpenApiDocument;
let routes: Route[];

beforeAll(async () => {
  doc = buildOpenApiDocument();
  routes = await discoverRoutes();
});

describe('routes ↔ document', () => {
  it('documents every method of every route file under app/api/v1, at the same path, and nothing else', () => {
    const found = routeOperations(routes);
    expect(found.length).toBeGreaterThanOrEqual(15);
    expect(found).toContain('POST /api/v1/events');
    expect(found).toContain('DELETE /api/v1/endpoints/{id}');
    expect(drift(found, documentedOperations(doc))).toEqual({ undocumented: [], unrouted: [] });
  });

  it('notices drift in either direction', () => {
    const found = documentedOperations(doc); // in step, then one side changes
    const changed = structuredClone(doc);
    delete (changed.paths!['/api/v1/deliveries/{id}/retry'] as Record<string, unknown>).post;
    changed.paths!['/api/v1/deliveries/{deliveryId}'] = { get: changed.paths!['/api/v1/deliveries/{id}']!.get };
    expect(drift(found, documentedOperations(changed))).toEqual({
      undocumented: ['POST /api/v1/deliveries/{id}/retry'],
      unrouted: ['GET /api/v1/deliveries/{deliveryId}'],
    });
    expect(drift([...found, 'PUT /api/v1/events/{id}'], documentedOperations(doc)).undocumented).toEqual(['PUT /api/v1/events/{id}']);
  });
});

type Operation = { operationId?: string; tags?: string[]; summary?: string; parameters?: { name: string; in: string; required?: boolean; schema?: object }[]; requestBody?: { content: Record<string, { schema?: object }> }; responses: Record<string, { content?: Record<string, { schema?: object }>; headers?: Record<string, { required?: boolean }> }> };

function operations(document: OpenApiDocument): { method: string; path: string; op: Operation }[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((method) => ({ method, path, op: (item as Record<string, Operation>)[method.toLowerCase()]! })),
  );
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) key === '$ref' && typeof v === 'string' ? found.push(v) : refsIn(v, found);
  }
  return found;
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref.slice(2).split('/').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

describe('the document', () => {
  it('is OpenAPI 3.1 with the API-key scheme, tags and unique operation ids', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe('Hookline API');
    expect(doc.components?.securitySchemes?.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    const ops = operations(doc);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(doc.tags?.map((t) => t.name));
    for (const { method, path, op } of ops) {
      expect(op.summary, `${method} ${path} summary`).toBeTruthy();
      expect(op.tags?.length, `${method} ${path} tags`).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(tags.has(tag), `${method} ${path} tag ${tag} declared`).toBe(true);
      expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${method} ${path} has a 2xx`).toBe(true);
      expect(op.responses['401'], `${method} ${path} documents 401`).toBeDefined();
    }
  });

  it('resolves every $ref', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) expect(resolvePointer(doc, ref), ref).toBeDefined();
  });

  it('declares every path parameter, required, and no path parameter that is not in the path', () => {
    for (const { method, path, op } of operations(doc)) {
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), `${method} ${path}`).toEqual(inTemplate);
      for (const p of declared) expect(p.required, `${method} ${path} {${p.name}} required`).toBe(true);
      const names = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      expect(new Set(names).size, `${method} ${path} unique parameters`).toBe(names.length);
    }
  });

  it('has schemas that compile as JSON Schema 2020-12, and the request headers PRODUCT.md names', () => {
    const ajv = newAjv();
    for (const { method, path, op } of operations(doc)) {
      const schemas = [
        ...(op.parameters ?? []).map((p) => p.schema),
        op.requestBody?.content['application/json']?.schema,
        ...Object.values(op.responses).map((r) => r.content?.['application/json']?.schema),
      ].filter(Boolean);
      for (const schema of schemas) expect(() => ajv.compile(withDefs(schema!, false)), `${method} ${path}`).not.toThrow();
    }
    const send = doc.paths!['/api/v1/events']!.post as unknown as Operation;
    expect(send.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    expect(send.responses['503']!.headers).toHaveProperty('retry-after');
    expect(send.responses['202']!.headers).toHaveProperty('idempotent-replayed');
  });

  it('is served at /api/openapi.json without authentication', async () => {
    const response = await openApiRoute();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

// --- (c) real answers against the documented responses -------------------------------

/** The component schemas as $defs, objects closed unless they say otherwise. */
function withDefs(schema: object, closed: boolean): object {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object') return value;
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', '#/$defs/') : rewrite(v)]));
    if (closed && out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  };
  return { ...(rewrite(schema) as object), $defs: rewrite(doc.components?.schemas ?? {}) };
}

function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const ajv = newAjv();
const validators = new Map<object, ValidateFunction>();
const checked = new Set<string>();

function documentedAnswer(method: string, template: string, status: number) {
  const op = (doc.paths?.[template] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
  expect(op, `${method} ${template} is documented`).toBeDefined();
  const response = op!.responses[String(status)];
  expect(response, `${method} ${template} documents status ${status} (has ${Object.keys(op!.responses).join(', ')})`).toBeDefined();
  return response!;
}

type Answer = { status: number; headers: Headers; body: any };

/** Calls the real handler for `method path` (found like Next finds it) and checks the answer against the document. */
async function call(apiKey: string | null, method: string, path: string, options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(path, 'http://localhost');
  const route = routes.find((r) => r.pattern.test(url.pathname));
  const handler = route?.module[method];
  if (!route || !handler) throw new Error(`no route for ${method} ${url.pathname}`);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const request = new Request(url, {
    method,
    body,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...options.headers },
  });
  const params = Object.fromEntries(Object.entries(route.pattern.exec(url.pathname)!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  const answer = { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };

  const documented = documentedAnswer(method, route.template, answer.status);
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required) expect(answer.headers.get(name), `${method} ${route.template} ${answer.status} header ${name}`).toBeTruthy();
  }
  const schema = documented.content?.['application/json']?.schema;
  if (!schema) {
    expect(text, `${method} ${route.template} ${answer.status} has no documented body`).toBe('');
  } else {
    let validate = validators.get(schema);
    if (!validate) validators.set(schema, (validate = ajv.compile(withDefs(schema, true))));
    const valid = validate(answer.body);
    expect(valid, `${method} ${route.template} ${answer.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(answer.body).slice(0, 2000)}`).toBe(true);
  }
  checked.add(`${method} ${route.template} ${answer.status}`);
  return answer;
}

describe('real answers match the documented responses', () => {
  let harness: Harness;
  let worker: RunningWorker;
  let receiver: Receiver;

  beforeAll(async () => {
    harness = await startHarness();
    worker = await startWorker();
    // The first attempt fails (a 500 with headers and a body), the retry succeeds.
    receiver = await startReceiver((_, i) => (i === 0 ? { status: 500, body: 'down', headers: { 'x-trace': 'a' } } : { status: 200, body: 'ok' }));
  });

  afterAll(async () => {
    await worker?.stop();
    await receiver?.close();
    await harness?.close();
  });

  it('for endpoints, events, deliveries and their errors', async () => {
    const { apiKey: key } = await harness.newTenant();

    // Endpoints
    const created = await call(key, 'POST', '/api/v1/endpoints', { body: { url: receiver.url, eventTypes: ['invoice.paid'] } });
    expect(created.status).toBe(201);
    const endpointId: string = created.body.id;
    const ed25519 = await call(key, 'POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/x', signatureScheme: 'ed25519', eventTypes: ['never.sent'] } });
    expect(ed25519.status).toBe(201);
    expect((await call(key, 'GET', '/api/v1/endpoints?limit=1')).body.nextCursor).toEqual(expect.any(String));
    expect((await call(key, 'GET', `/api/v1/endpoints/${endpointId}`)).status).toBe(200);
    expect((await call(key, 'PATCH', `/api/v1/endpoints/${endpointId}`, { body: { description: 'billing' } })).body.description).toBe('billing');
    expect((await call(key, 'POST', `/api/v1/endpoints/${endpointId}/rotate-secret`, { body: { graceHours: 1 } })).status).toBe(200);
    expect((await call(key, 'GET', `/api/v1/endpoints/${endpointId}/secret`)).body.previous).toHaveLength(1);
    expect((await call(key, 'POST', `/api/v1/endpoints/${ed25519.body.id}/rotate-secret`, { body: {} })).status).toBe(200);
    expect((await call(key, 'GET', `/api/v1/endpoints/${ed25519.body.id}/secret`)).status).toBe(200);

    // Events: accepted, replayed, conflicting, listed, read
    const event = { type: 'invoice.paid', data: { invoice: 'inv_1', amount: 4200 } };
    const sent = await call(key, 'POST', '/api/v1/events', { body: event, headers: { 'Idempotency-Key': 'k-1' } });
    expect(sent.status).toBe(202);
    const replay = await call(key, 'POST', '/api/v1/events', { body: event, headers: { 'Idempotency-Key': 'k-1' } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const conflict = await call(key, 'POST', '/api/v1/events', { body: { ...event, data: {} }, headers: { 'Idempotency-Key': 'k-1' } });
    expect(conflict.body.error).toMatchObject({ code: 'idempotency_conflict', details: { eventId: sent.body.id } });
    expect((await call(key, 'GET', '/api/v1/events?type=invoice.paid')).body.data.map((e: { id: string }) => e.id)).toEqual([sent.body.id]);

    // A batch: new (a type no endpoint takes: the receiver's script is for the event above),
    // replayed (an item with that event's key and body), conflicting, invalid
    const batch = { events: [{ type: 'invoice.voided', data: { invoice: 'inv_2' } }, { ...event, idempotencyKey: 'k-1' }] };
    const batched = await call(key, 'POST', '/api/v1/events/batch', { body: batch });
    expect(batched.status).toBe(202);
    expect(batched.body.data.map((e: { replayed: boolean }) => e.replayed)).toEqual([false, true]);
    expect(batched.body.data[1]).toEqual({ ...sent.body, replayed: true });
    const batchConflict = await call(key, 'POST', '/api/v1/events/batch', { body: { events: [{ ...event, data: {}, idempotencyKey: 'k-1' }] } });
    expect(batchConflict.body.error).toMatchObject({ code: 'idempotency_conflict', details: [{ path: 'events.0.idempotencyKey' }] });
    expect((await call(key, 'POST', '/api/v1/events/batch', { body: { events: [] } })).body.error.details[0].path).toBe('events');

    // The worker delivers: a failed attempt, then a successful one.
    expect(sent.body.deliveries).toEqual([{ id: expect.any(String), endpointId }]);
    const deliveryId: string = sent.body.deliveries[0].id;
    const delivered = await waitFor(async () => {
      const d = await call(key, 'GET', `/api/v1/deliveries/${deliveryId}`);
      return d.body.status === 'succeeded' ? d : null;
    }, { what: 'the delivery to succeed' });
    expect(delivered.body.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
    expect((await call(key, 'GET', `/api/v1/events/${sent.body.id}`)).body.deliveries[0].status).toBe('succeeded');
    expect((await call(key, 'GET', `/api/v1/deliveries?endpointId=${endpointId}&status=succeeded`)).body.data).toHaveLength(1);
    expect((await call(key, 'POST', `/api/v1/deliveries/${deliveryId}/retry`)).status).toBe(202);
    expect((await call(key, 'POST', `/api/v1/endpoints/${endpointId}/recover`, { body: { since: '2020-01-01T00:00:00Z' } })).body.recovered).toBe(0);

    // Errors
    expect((await call(key, 'POST', '/api/v1/endpoints', { body: { url: 'ftp://x' } })).body.error.details[0].path).toBe('url');
    expect((await call(key, 'GET', '/api/v1/deliveries?limit=0')).status).toBe(400);
    expect((await call(key, 'POST', '/api/v1/events', { rawBody: '{"type":', headers: {} })).body.error.code).toBe('invalid_json');
    expect((await call(key, 'POST', '/api/v1/events', { rawBody: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await call(null, 'GET', '/api/v1/endpoints')).status).toBe(401);
    expect((await call(key, 'GET', '/api/v1/events/msg_nope')).status).toBe(404);
    expect((await call(key, 'GET', '/api/v1/deliveries/dlv_nope')).status).toBe(404);
    await call(key, 'PATCH', `/api/v1/endpoints/${endpointId}`, { body: { disabled: true } });
    expect((await call(key, 'POST', `/api/v1/deliveries/${deliveryId}/retry`)).body.error.code).toBe('conflict');
    expect((await call(key, 'POST', `/api/v1/endpoints/${endpointId}/recover`, { body: { since: '2020-01-01T00:00:00Z' } })).status).toBe(409);
    expect((await call(key, 'DELETE', `/api/v1/endpoints/${ed25519.body.id}`)).status).toBe(204);
    expect((await call(key, 'DELETE', `/api/v1/endpoints/${ed25519.body.id}`)).status).toBe(404);

    // Every operation of these three tags was checked with its success answer.
    const main = operations(doc).filter(({ op }) => op.tags?.some((t) => ['Events', 'Endpoints', 'Deliveries'].includes(t)));
    expect(main.length).toBe(15);
    const successes = main.map(({ method, path, op }) => `${method} ${path} ${Object.keys(op.responses).find((s) => s.startsWith('2'))}`);
    expect(successes.filter((s) => !checked.has(s))).toEqual([]);
  });
});
