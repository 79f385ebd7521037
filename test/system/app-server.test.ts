// The app as production runs it (`hookline serve`, lib/http/app-server.ts): the two
// ingest routes are answered without Next's pipeline, by the same handlers, so they keep
// the API's whole contract — status, request id, idempotent replay, errors naming the
// field, 401, 413 for a body past 1 MiB, 415 — and everything else (other methods, other
// paths, a trailing slash) is still Next's. A client that leaves mid-body stores nothing
// and harms no one else, and SIGTERM lets a request in flight finish before the exit.
// Needs `npm run build` first (`npm test` does it).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createEndpoint } from '@/lib/endpoints/create-endpoint';
import { startHarness, type Harness } from '../support/harness.ts';
import { freePort } from '../support/free-port.ts';
import { ROOT, startAppProcess, type Child } from '../support/processes.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let app: Child;
let base: string;
let port: number;
let tenant: { id: string; apiKey: string };
let headers: Record<string, string>;
let endpointId: string;

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('no Next build: run `npm run build` before the system tests');
  harness = await startHarness({ LOG_LEVEL: 'info', NEXTAUTH_SECRET: randomBytes(32).toString('hex') });
  tenant = await harness.newTenant('Served');
  headers = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
  // Deliveries to an endpoint nobody listens on: no worker runs here.
  endpointId = (await createEndpoint(tenant.id, { url: 'http://127.0.0.1:9/hook' })).id;
  port = await freePort();
  app = startAppProcess(harness.env, port);
  base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/api/health/ready`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the app (hookline serve)' });
}, 90_000);

afterAll(async () => {
  if (app && app.process.exitCode === null) app.process.kill('SIGKILL');
  await harness?.close();
});

const post = (route: string, body: string, extra: Record<string, string> = {}) => fetch(`${base}${route}`, { method: 'POST', headers: { ...headers, ...extra }, body });

it('answers POST /api/v1/events with the API’s contract: 202, request id, idempotent replay', async () => {
  const first = await post('/api/v1/events', JSON.stringify({ type: 'order.created', data: { n: 1 } }), { 'idempotency-key': 'served-1', 'x-request-id': 'req-served-1' });
  expect(first.status).toBe(202);
  expect(first.headers.get('x-request-id')).toBe('req-served-1');
  expect(first.headers.get('content-type')).toMatch(/^application\/json/);
  const event = await first.json();
  expect(event).toMatchObject({ id: expect.stringMatching(/^msg_/), type: 'order.created', deliveries: [{ endpointId }] });

  const again = await post('/api/v1/events', JSON.stringify({ type: 'order.created', data: { n: 1 } }), { 'idempotency-key': 'served-1' });
  expect(again.status).toBe(202);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(await again.json()).toEqual(event);
  expect(await db().event.count({ where: { tenantId: tenant.id, idempotencyKey: 'served-1' } })).toBe(1);
  expect(await db().delivery.count({ where: { eventId: event.id } })).toBe(1);
});

it('answers the batch route the same way', async () => {
  const response = await post('/api/v1/events/batch?source=test', JSON.stringify({ events: [{ type: 'a.one', data: {} }, { type: 'a.two', data: {} }] }));
  expect(response.status).toBe(202);
  const { data } = await response.json();
  expect(data.map((e: { type: string }) => e.type)).toEqual(['a.one', 'a.two']);
  expect(await db().event.count({ where: { id: { in: data.map((e: { id: string }) => e.id) } } })).toBe(2);
});

it('refuses bad requests with the API’s errors, storing nothing', async () => {
  const before = await db().event.count();
  const invalid = await post('/api/v1/events', JSON.stringify({ type: 'order.created', data: 'text' }));
  expect(invalid.status).toBe(400);
  expect(await invalid.json()).toMatchObject({ error: { code: 'invalid_request', details: [{ path: 'data' }] } });

  const noKey = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(noKey.status).toBe(401);
  expect((await noKey.json()).error.code).toBe('unauthorized');

  const text = await post('/api/v1/events', 'hello', { 'content-type': 'text/plain' });
  expect(text.status).toBe(415);

  // 1.5 MiB, streamed without a length: counted as it arrives and refused past 1 MiB.
  const big = JSON.stringify({ type: 'order.created', data: { blob: 'x'.repeat(1.5 * 1024 * 1024) } });
  const tooLarge = await fetch(`${base}/api/v1/events`, {
    method: 'POST',
    headers,
    body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) }),
    duplex: 'half',
  } as RequestInit);
  expect(tooLarge.status).toBe(413);
  expect((await tooLarge.json()).error.code).toBe('payload_too_large');
  expect(await db().event.count()).toBe(before);

  // The server goes on serving.
  expect((await post('/api/v1/events', JSON.stringify({ type: 'after.refusals', data: {} }))).status).toBe(202);
});

it('leaves everything else to Next: other methods, other paths, a trailing slash', async () => {
  const list = await fetch(`${base}/api/v1/events?limit=100`, { headers });
  expect(list.status).toBe(200);
  expect((await list.json()).data.some((e: { type: string }) => e.type === 'order.created')).toBe(true);
  const slash = await fetch(`${base}/api/v1/events/`, { method: 'POST', headers, body: '{}', redirect: 'manual' });
  expect(slash.status).toBe(308);
  const endpoints = await fetch(`${base}/api/v1/endpoints`, { headers });
  expect(endpoints.status).toBe(200);
  expect((await endpoints.json()).data.map((e: { id: string }) => e.id)).toEqual([endpointId]);
  const login = await fetch(`${base}/login`);
  expect(login.status).toBe(200);
  expect(await login.text()).toContain('<html');
});

/** A raw connection that sends the request's head and part of its body. */
async function partialRequest(route: string, body: string, sentBytes: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    `POST ${route} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${tenant.apiKey}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, sentBytes)}`,
  );
  return socket;
}

it('stores nothing for a client that leaves mid-body, and keeps serving', async () => {
  const body = JSON.stringify({ type: 'left.early', data: { n: 1 } });
  const socket = await partialRequest('/api/v1/events', body, 10);
  // Wait until the server has the request before leaving.
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.destroy();
  expect((await post('/api/v1/events', JSON.stringify({ type: 'after.leaver', data: {} }))).status).toBe(202);
  expect(await db().event.count({ where: { type: 'left.early' } })).toBe(0);
});

it('finishes a request in flight on SIGTERM, then exits 0', async () => {
  const body = JSON.stringify({ type: 'in.flight', data: { n: 2 } });
  const socket = await partialRequest('/api/v1/events', body, 10);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await new Promise((resolve) => setTimeout(resolve, 200));
  app.process.kill('SIGTERM');
  await waitFor(() => /shutting down/.test(app.output()), { what: 'the app to start shutting down' });
  socket.write(body.slice(10));
  await waitFor(() => /\r\n\r\n\{/.test(answer) && answer, { what: 'the answer to the request in flight' });
  expect(answer).toMatch(/^HTTP\/1\.1 202 /);
  const id = /"id":"(msg_[^"]+)"/.exec(answer)![1];
  expect(await db().event.findUnique({ where: { id } })).toMatchObject({ type: 'in.flight' });
  expect(await app.exited).toBe(0);
  socket.destroy();
});
