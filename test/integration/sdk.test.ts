// The TypeScript SDK over real HTTP: the app's route handlers served on 127.0.0.1 (real
// Postgres), a real worker delivering to loopback receivers, and loopback servers that
// answer 503/429/502 or drop the connection to show the retries. Imported as producers
// import it, through package.json's "exports".
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Hookline,
  HooklineAuthenticationError,
  HooklineConflictError,
  HooklineConnectionError,
  HooklineError,
  HooklineNotFoundError,
  HooklineRateLimitError,
  HooklineServerError,
  HooklineValidationError,
  type RetryInfo,
} from 'hookline/sdk';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver, type Script } from '../support/receiver.ts';
import { serveRoute, type RouteServer } from '../support/route-server.ts';
import { waitFor } from '../support/wait-for.ts';

const V1_DIR = fileURLToPath(new URL('../../app/api/v1/', import.meta.url));
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Routes a request to the app's handler for its path, the way Next does (static segments first, the catch-all last). */
async function v1Router(): Promise<(request: Request) => Promise<Response>> {
  const files = readdirSync(V1_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)route\.ts$/.test(f));
  const routes = await Promise.all(
    files.map(async (file) => {
      const dir = file.replace(/\/?route\.ts$/, '');
      const source = `/api/v1/${dir}`.replace(/\[\.\.\.([^\]]+)\]/g, '(?<$1>.+)').replace(/\[([^\]]+)\]/g, '(?<$1>[^/]+)');
      return { catchAll: dir.includes('[...'), pattern: new RegExp(`^${source}$`), module: (await import(`${V1_DIR}${file}`)) as Record<string, Handler> };
    }),
  );
  const dynamic = (pattern: RegExp) => pattern.source.split('(?<').length;
  routes.sort((a, b) => Number(a.catchAll) - Number(b.catchAll) || dynamic(a.pattern) - dynamic(b.pattern));
  return async (request) => {
    const { pathname } = new URL(request.url);
    const route = routes.find((r) => r.pattern.test(pathname));
    const handler = route?.module[request.method];
    if (!route || !handler) return new Response(null, { status: 405 });
    const params = Object.fromEntries(Object.entries(route.pattern.exec(pathname)!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    return handler(request, { params: Promise.resolve(params) });
  };
}

let harness: Harness;
let worker: RunningWorker;
let app: RouteServer;
const receivers: Receiver[] = [];

async function receiver(script?: Script): Promise<Receiver> {
  const r = await startReceiver(script);
  receivers.push(r);
  return r;
}

beforeAll(async () => {
  // Two attempts, then a delivery has failed for good: only a manual retry sends it again.
  harness = await startHarness({ RETRY_MAX_ATTEMPTS: '2' });
  worker = await startWorker();
  app = await serveRoute(await v1Router());
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await Promise.all(receivers.map((r) => r.close()));
  await harness?.close();
});

async function client() {
  const { apiKey } = await harness.newTenant();
  return new Hookline({ baseUrl: app.origin, apiKey });
}

describe('against the running API', () => {
  it('sends an event; an idempotent resend returns the same event; lists events and deliveries', async () => {
    const hookline = await client();
    const rx = await receiver();
    const endpoint = await hookline.endpoints.create({ url: rx.url, eventTypes: ['invoice.paid'] });
    expect('secret' in endpoint && endpoint.secret).toMatch(/^whsec_/);

    const first = await hookline.events.send({ type: 'invoice.paid', data: { invoice: 'inv_1' } }, { idempotencyKey: 'inv_1' });
    expect(first).toMatchObject({ id: expect.stringMatching(/^msg_/), type: 'invoice.paid', replayed: false, idempotencyKey: 'inv_1' });
    expect(first.deliveries).toEqual([{ id: expect.any(String), endpointId: endpoint.id }]);
    const again = await hookline.events.send({ type: 'invoice.paid', data: { invoice: 'inv_1' } }, { idempotencyKey: 'inv_1' });
    expect(again).toEqual({ ...first, replayed: true });
    const conflict = await hookline.events.send({ type: 'invoice.paid', data: { invoice: 'other' } }, { idempotencyKey: 'inv_1' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(HooklineConflictError);
    expect(conflict).toMatchObject({ status: 409, code: 'idempotency_conflict', details: { eventId: first.id } });

    // Without a key the SDK makes one per call: two sends, two events.
    const a = await hookline.events.send({ type: 'invoice.paid', data: { invoice: 'inv_2' } });
    const b = await hookline.events.send({ type: 'invoice.paid', data: { invoice: 'inv_2' } });
    expect(a.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.id).not.toBe(a.id);
    expect(b.idempotencyKey).not.toBe(a.idempotencyKey);

    const page = await hookline.events.list({ type: 'invoice.paid', limit: 2 });
    expect(page.data.map((e) => e.id)).toEqual([b.id, a.id]);
    expect(page.nextCursor).toBe(a.id);
    const all = [];
    for await (const event of hookline.events.iterate({ limit: 1 })) all.push(event.id);
    expect(all).toEqual([b.id, a.id, first.id]);

    const event = await hookline.events.get(first.id);
    expect(event).toMatchObject({ id: first.id, data: { invoice: 'inv_1' }, deliveries: [{ id: first.deliveries[0]!.id }] });
    await waitFor(async () => (await hookline.deliveries.list({ endpointId: endpoint.id, status: 'succeeded' })).data.length === 3, { what: 'three deliveries' });
    const deliveries = await hookline.deliveries.list({ eventId: first.id });
    expect(deliveries.data).toEqual([expect.objectContaining({ id: first.deliveries[0]!.id, status: 'succeeded', attemptCount: 1 })]);
    const delivered = [];
    for await (const d of hookline.deliveries.iterate({ endpointId: endpoint.id, limit: 2, since: new Date(Date.now() - 60_000) })) delivered.push(d.eventId);
    expect(delivered.sort()).toEqual([first.id, a.id, b.id].sort());
    expect(rx.requests.map((r) => r.headers['webhook-id']).sort()).toEqual([first.id, a.id, b.id].sort());
  });

  it('sends a batch: a key for every item, a resend replays each, a reused key throws a conflict naming the item', async () => {
    const hookline = await client();
    const rx = await receiver();
    const endpoint = await hookline.endpoints.create({ url: rx.url, eventTypes: ['order.created'] });

    const events = [
      { type: 'order.created', data: { order: 1 }, idempotencyKey: 'order-1' },
      { type: 'order.created', data: { order: 2 } },
      { type: 'user.created', data: { user: 3 } },
    ];
    const sent = await hookline.events.sendBatch(events);
    expect(sent.data.map((e) => [e.type, e.replayed])).toEqual([['order.created', false], ['order.created', false], ['user.created', false]]);
    expect(sent.data[0]!.idempotencyKey).toBe('order-1');
    expect(sent.data[1]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.data[2]!.idempotencyKey).not.toBe(sent.data[1]!.idempotencyKey);
    expect(sent.data.map((e) => e.deliveries.map((d) => d.endpointId))).toEqual([[endpoint.id], [endpoint.id], []]);

    // Sent again with the keys it was given: the same events, nothing new.
    const again = await hookline.events.sendBatch(events.map((e, n) => ({ ...e, idempotencyKey: sent.data[n]!.idempotencyKey })));
    expect(again).toEqual({ data: sent.data.map((e) => ({ ...e, replayed: true })) });
    // A single send with an item's key and body is that item's event.
    expect(await hookline.events.send({ type: 'order.created', data: { order: 1 } }, { idempotencyKey: 'order-1' })).toMatchObject({ id: sent.data[0]!.id, replayed: true });

    const conflict = await hookline.events.sendBatch([{ type: 'order.created', data: { order: 'other' }, idempotencyKey: 'order-1' }]).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(HooklineConflictError);
    expect(conflict).toMatchObject({ status: 409, code: 'idempotency_conflict', field: 'events.0.idempotencyKey' });
    const invalid = await hookline.events.sendBatch([]).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(HooklineValidationError);
    expect(invalid).toMatchObject({ status: 400, field: 'events' });

    await waitFor(async () => (await hookline.deliveries.list({ endpointId: endpoint.id, status: 'succeeded' })).data.length === 2, { what: 'two deliveries' });
    expect(rx.requests.map((r) => r.headers['webhook-id']).sort()).toEqual([sent.data[0]!.id, sent.data[1]!.id].sort());
  });

  it('retries a delivery that failed against a 500 once the receiver answers 200', async () => {
    const hookline = await client();
    const rx = await receiver(() => ({ status: 500, body: 'down' }));
    const endpoint = await hookline.endpoints.create({ url: rx.url });
    const sent = await hookline.events.send({ type: 'order.created', data: { order: 7 } });
    const deliveryId = sent.deliveries[0]!.id;
    const failed = await waitFor(async () => {
      const d = await hookline.deliveries.get(deliveryId);
      return d.status === 'failed' ? d : null;
    }, { what: 'the delivery to fail for good' });
    expect(failed.attempts.map((a) => [a.statusCode, a.trigger])).toEqual([[500, 'automatic'], [500, 'automatic']]);

    rx.script(() => ({ status: 200, body: 'back' }));
    const queued = await hookline.deliveries.retry(deliveryId);
    expect(queued).toMatchObject({ id: deliveryId, endpointId: endpoint.id });
    const succeeded = await waitFor(async () => {
      const d = await hookline.deliveries.get(deliveryId);
      return d.status === 'succeeded' ? d : null;
    }, { what: 'the manual retry to succeed' });
    expect(succeeded.attempts.map((a) => [a.statusCode, a.trigger])).toEqual([[500, 'automatic'], [500, 'automatic'], [200, 'manual']]);
    expect(succeeded.attempts[2]!.responseBody).toBe('back');
    expect(rx.requests).toHaveLength(3);
    expect(new Set(rx.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([sent.id]));
  });

  it('manages endpoints: list, get, update, secrets, recover, delete', async () => {
    const hookline = await client();
    const created = await hookline.endpoints.create({ url: 'http://127.0.0.1:9/a', description: 'billing' });
    const other = await hookline.endpoints.create({ url: 'http://127.0.0.1:9/b' });
    expect((await hookline.endpoints.list()).data.map((e) => e.id)).toEqual([other.id, created.id]);
    expect(await hookline.endpoints.get(created.id)).toMatchObject({ id: created.id, description: 'billing', disabled: false });
    const updated = await hookline.endpoints.update(created.id, { eventTypes: ['a.b'], rateLimitPerSecond: 5 });
    expect(updated).toMatchObject({ eventTypes: ['a.b'], rateLimitPerSecond: 5 });
    const rotated = await hookline.endpoints.rotateSecret(created.id, { graceHours: 2 });
    const secrets = await hookline.endpoints.getSecret(created.id);
    expect('secret' in rotated && 'secret' in secrets && secrets.secret).toBe('secret' in rotated && rotated.secret);
    expect(secrets.previous).toHaveLength(1);
    expect(await hookline.endpoints.recover(created.id, { since: new Date('2020-01-01T00:00:00Z') })).toMatchObject({ recovered: 0, since: '2020-01-01T00:00:00.000Z' });
    await hookline.endpoints.delete(created.id);
    await expect(hookline.endpoints.get(created.id)).rejects.toBeInstanceOf(HooklineNotFoundError);
    expect((await hookline.endpoints.list()).data.map((e) => e.id)).toEqual([other.id]);
  });

  it('throws typed errors: 400 naming the field, 401, 404', async () => {
    const hookline = await client();
    const invalid = await hookline.endpoints.create({ url: 'ftp://example.com' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(HooklineValidationError);
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_request', field: 'url', requestId: expect.any(String) });
    expect((invalid as HooklineValidationError).issues).toEqual([{ path: 'url', message: expect.stringMatching(/http/) }]);
    const badType = await hookline.events.send({ type: 'no spaces allowed', data: {} }).catch((e: unknown) => e);
    expect(badType).toMatchObject({ status: 400, field: 'type' });

    const stranger = new Hookline({ baseUrl: app.origin, apiKey: 'hl_not_a_real_key' });
    const unauthorized = await stranger.endpoints.list().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(HooklineAuthenticationError);
    expect(unauthorized).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((unauthorized as Error).message).not.toContain('hl_not_a_real_key');

    const missing = await hookline.events.get('msg_does_not_exist').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HooklineNotFoundError);
    expect(missing).toBeInstanceOf(HooklineError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found', requestId: expect.any(String) });
  });
});

describe('the package', () => {
  it('loads no server code: everything imported from outside lib/sdk is a type', () => {
    const root = fileURLToPath(new URL('../../lib/sdk/', import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const outside: string[] = [];
    for (const file of files) {
      const source = readFileSync(`${root}${file}`, 'utf8');
      for (const [statement, type, specifier] of source.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
        const target = specifier!.startsWith('.') ? new URL(specifier!, `file://${root}${file}`).pathname : specifier!;
        if (!target.startsWith(root) && !type) outside.push(`${file}: ${statement.split('\n')[0]}`);
      }
    }
    expect(files).toContain('index.ts');
    expect(outside).toEqual([]);
  });

  it('runs in plain Node, no TypeScript loader: `hookline/sdk` is the bundle npm install builds', async () => {
    const { apiKey } = await harness.newTenant();
    const script = `
      import { Hookline } from 'hookline/sdk';
      const hookline = new Hookline({ baseUrl: process.env.BASE_URL, apiKey: process.env.API_KEY });
      const sent = await hookline.events.send({ type: 'plain.node', data: { ok: true } }, { idempotencyKey: 'plain-1' });
      const again = await hookline.events.send({ type: 'plain.node', data: { ok: true } }, { idempotencyKey: 'plain-1' });
      console.log(JSON.stringify({ id: sent.id, replayed: again.replayed, same: again.id === sent.id }));`;
    // Asynchronously: the API it calls is served by this process.
    const child = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      // No tsx, no NODE_OPTIONS from the test runner: what a producer's process has.
      env: { PATH: process.env.PATH, NODE_ENV: 'production', BASE_URL: app.origin, API_KEY: apiKey },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ id: expect.stringMatching(/^msg_/), replayed: true, same: true });
  });
});

describe('retries with backoff (loopback servers)', () => {
  const accepted = { id: 'msg_1', type: 't', createdAt: '2026-01-01T00:00:00.000Z', deliveries: [] };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  const queueFull = { error: { code: 'queue_full', message: 'busy' } };

  function sdk(server: Receiver, options: { maxRetries?: number; maxRetryDelayMs?: number } = {}) {
    const retries: RetryInfo[] = [];
    const hookline = new Hookline({ baseUrl: new URL(server.url).origin, apiKey: 'hl_test', onRetry: (r) => retries.push(r), ...options });
    return { hookline, retries };
  }

  it('waits Retry-After after each 503 and sends the same Idempotency-Key until the 202', async () => {
    const server = await receiver((_, i) => (i < 2 ? json(503, queueFull, { 'retry-after': '1' }) : json(202, accepted)));
    const { hookline, retries } = sdk(server);
    const result = await hookline.events.send({ type: 't', data: {} });
    expect(result).toMatchObject({ id: 'msg_1', replayed: false });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => [r.method, r.path])).toEqual(Array(3).fill(['POST', '/api/v1/events']));
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([result.idempotencyKey]));
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer hl_test')).toBe(true);
    expect(retries.map((r) => [r.retry, r.status, r.delayMs])).toEqual([[1, 503, 1000], [2, 503, 1000]]);
    // Honoured: each try came at least Retry-After after the one before.
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(server.requests[2]!.at - server.requests[1]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('repeats a batch whose answer was lost (502, dropped connection) with the same body, so every item keeps its key', async () => {
    const answer = { data: [{ ...accepted, replayed: false }, { ...accepted, id: 'msg_2', replayed: true }] };
    const server = await receiver((_, i) => (i === 0 ? { status: 502, body: 'bad gateway' } : i === 1 ? 'drop' : json(202, answer)));
    const { hookline, retries } = sdk(server);
    const result = await hookline.events.sendBatch([{ type: 't', data: {} }, { type: 't', data: { n: 2 }, idempotencyKey: 'mine' }]);
    expect(server.requests.map((r) => [r.method, r.path])).toEqual(Array(3).fill(['POST', '/api/v1/events/batch']));
    expect(retries.map((r) => r.status)).toEqual([502, undefined]);
    const bodies = server.requests.map((r) => JSON.parse(r.body) as { events: { idempotencyKey: string }[] });
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    const keys = bodies[0]!.events.map((e) => e.idempotencyKey);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe('mine');
    expect(result.data.map((e) => [e.id, e.replayed, e.idempotencyKey])).toEqual([['msg_1', false, keys[0]], ['msg_2', true, 'mine']]);
  });

  it('gives up after maxRetries with a typed server error', async () => {
    const server = await receiver(() => json(503, queueFull, { 'retry-after': '0' }));
    const { hookline } = sdk(server, { maxRetries: 3 });
    const error = await hookline.events.send({ type: 't', data: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HooklineServerError);
    expect(error).toMatchObject({ status: 503, code: 'queue_full', retryAfterSeconds: 0 });
    expect(server.requests).toHaveLength(4);
  });

  it('backs off exponentially with jitter when there is no Retry-After (GET, 502)', async () => {
    const server = await receiver((_, i) => (i < 2 ? { status: 502, body: '<html>bad gateway</html>' } : json(200, { data: [], nextCursor: null })));
    const { hookline, retries } = sdk(server);
    expect(await hookline.deliveries.list({ status: 'failed' })).toEqual({ data: [], nextCursor: null });
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]!.path).toBe('/api/v1/deliveries?status=failed');
    expect(retries.map((r) => r.status)).toEqual([502, 502]);
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(250);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(500);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(500);
    expect(retries[1]!.delayMs).toBeLessThanOrEqual(1000);
  });

  it('does not repeat a POST that may have been applied (502 on create), and does not wait a Retry-After over the limit', async () => {
    const gateway = await receiver(() => ({ status: 502, body: 'bad gateway' }));
    const created = await sdk(gateway).hookline.endpoints.create({ url: 'https://example.com' }).catch((e: unknown) => e);
    expect(created).toBeInstanceOf(HooklineServerError);
    expect(created).toMatchObject({ status: 502, code: 'http_error' });
    expect(gateway.requests).toHaveLength(1);

    const limited = await receiver(() => json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '120' }));
    const error = await sdk(limited).hookline.endpoints.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HooklineRateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 120 });
    expect(limited.requests).toHaveLength(1);
  });

  it('retries a dropped connection, and reports one that never answers as a connection error', async () => {
    const flaky = await receiver((_, i) => (i === 0 ? 'drop' : json(200, { data: [], nextCursor: null })));
    const { hookline, retries } = sdk(flaky);
    expect((await hookline.endpoints.list()).data).toEqual([]);
    expect(flaky.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.status).toBeUndefined();
    expect(retries[0]!.error).toBeInstanceOf(HooklineConnectionError);

    const dead = await receiver(() => 'drop');
    const error = await sdk(dead, { maxRetries: 1 }).hookline.events.get('msg_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HooklineConnectionError);
    expect(error).toMatchObject({ status: undefined, code: 'connection_error' });
    expect(dead.requests).toHaveLength(2);
  });
});
