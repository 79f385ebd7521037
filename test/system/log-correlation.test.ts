// "One id from the API's response finds every log line of that event, in both
// processes": the real app (`hookline serve`, needs `npm run build` first) and a real worker
// process log JSON at info level; an event whose receiver fails once is accepted over
// HTTP, and every line either process wrote that mentions the event id is a JSON line
// carrying the tenant, the event, a request or trace id — and in the worker, the
// delivery and the attempt — with one traceId across both. No API key, signing secret or
// event data appears anywhere in either output.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startHarness, type Harness } from '../support/harness.ts';
import { freePort } from '../support/free-port.ts';
import { ROOT, startAppProcess, startWorkerProcess, type Child } from '../support/processes.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let rx: Receiver;
const children: Child[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('no Next build: run `npm run build` before the system tests');
  harness = await startHarness();
  rx = await startReceiver((_, i) => (i === 0 ? { status: 500 } : { status: 200 }));
});

afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await rx?.close();
  await harness?.close();
});

type LogLine = Record<string, unknown> & { msg?: string };

/** Every line of a process's output that mentions `id`, parsed: each must be JSON. */
function linesMentioning(output: string, id: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.includes(id))
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`a line mentioning ${id} is not JSON: ${line}`);
      }
    });
}

it('finds every log line of an event in the app and the worker by the id the API returned', async () => {
  const tenant = await harness.newTenant();
  const port = await freePort();
  const env = { ...harness.env, LOG_LEVEL: 'info' };
  const app = startAppProcess(env, port);
  const worker = startWorkerProcess(env);
  children.push(app, worker);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/api/health/live`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the app (hookline serve)' });
  const headers = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };

  const endpoint = await fetch(`${base}/api/v1/endpoints`, { method: 'POST', headers, body: JSON.stringify({ url: rx.url }) });
  expect(endpoint.status).toBe(201);
  const { id: endpointId, secret } = (await endpoint.json()) as { id: string; secret: string };
  const marker = `card-${randomBytes(8).toString('hex')}`;
  const accepted = await fetch(`${base}/api/v1/events`, { method: 'POST', headers, body: JSON.stringify({ type: 'payment.captured', data: { card: marker } }) });
  expect(accepted.status).toBe(202);
  const requestId = accepted.headers.get('x-request-id');
  const { id: eventId, deliveries } = (await accepted.json()) as { id: string; deliveries: { id: string }[] };
  const deliveryId = deliveries[0]!.id;

  await waitFor(async () => (await db().delivery.findUnique({ where: { id: deliveryId } }))?.status === 'succeeded', { timeoutMs: 30_000, what: 'the delivery to succeed' });
  expect(rx.requests.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId]);
  // Written before the success was recorded or right after it: wait for the line, not for time.
  await waitFor(() => linesMentioning(worker.output(), eventId).some((l) => l.msg === 'delivered'), { what: 'the worker’s "delivered" line' });
  await waitFor(() => linesMentioning(app.output(), eventId).some((l) => l.msg === 'request'), { what: 'the app’s request line' });

  // The app: the ingest request's lines.
  const appLines = linesMentioning(app.output(), eventId);
  for (const line of appLines) {
    expect(line).toMatchObject({ tenantId: tenant.id, eventId, requestId, traceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  }
  const traceId = appLines[0]!.traceId as string;
  expect(traceId).not.toMatch(/^0+$/);
  expect(appLines.find((l) => l.msg === 'request')).toMatchObject({ method: 'POST', route: '/v1/events', status: 202 });

  // The worker: the failed attempt and the delivery, each naming the delivery, its
  // attempt and endpoint, in the trace the app started.
  const workerLines = linesMentioning(worker.output(), eventId);
  for (const line of workerLines) {
    expect(line).toMatchObject({ tenantId: tenant.id, eventId, deliveryId, endpointId, attempt: expect.any(Number), traceId });
  }
  expect(workerLines.map((l) => [l.msg, l.attempt])).toEqual([
    ['attempt failed', 1],
    ['delivered', 2],
  ]);
  expect(workerLines[0]).toMatchObject({ statusCode: 500, status: 'retrying' });
  expect(workerLines[1]).toMatchObject({ statusCode: 200, status: 'succeeded' });

  // Nothing secret, and none of the payload, in either process's output.
  for (const output of [app.output(), worker.output()]) {
    for (const leak of [tenant.apiKey, secret, secret.slice('whsec_'.length), marker, harness.env.HOOKLINE_ENCRYPTION_KEY!]) {
      expect(output.includes(leak), `output contains ${leak.slice(0, 10)}…`).toBe(false);
    }
  }

  worker.process.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
  app.process.kill('SIGTERM');
  expect(await app.exited).toBe(0);
}, 120_000);
