// "Kill the app right after a 202 and the event is still delivered": the event, its
// deliveries and their jobs commit in one transaction before the 202 is sent, so the
// app process dying the next instant loses nothing. Runs the real app (`hookline serve`)
// (needs `npm run build` first; `npm test` does it) and a real worker process.
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
  rx = await startReceiver();
});

afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await rx?.close();
  await harness?.close();
});

it('delivers an event whose 202 was the app process’s last act', async () => {
  const { apiKey } = await harness.newTenant();
  const port = await freePort();
  const app = startAppProcess(harness.env, port);
  children.push(app);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/api/health/ready`).catch(() => null))?.ok, { timeoutMs: 60_000, what: 'the app (hookline serve)' });
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

  const endpoint = await fetch(`${base}/api/v1/endpoints`, { method: 'POST', headers, body: JSON.stringify({ url: rx.url }) });
  expect(endpoint.status).toBe(201);
  const accepted = await fetch(`${base}/api/v1/events`, { method: 'POST', headers, body: JSON.stringify({ type: 'order.created', data: { id: 7 } }) });
  const { id } = await accepted.json();
  app.process.kill('SIGKILL'); // no worker has run yet; the app dies as soon as it answered
  await app.exited;
  expect(accepted.status).toBe(202);

  const worker = startWorkerProcess(harness.env);
  children.push(worker);
  await waitFor(async () => (await db().delivery.findFirst({ where: { eventId: id } }))?.status === 'succeeded', {
    timeoutMs: 30_000,
    what: 'the event accepted by the killed app to be delivered',
  });
  expect(rx.requests.map((r) => r.headers['webhook-id'])).toEqual([id]);
  worker.process.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
  // The app alone may take the first 60 s to start on a loaded machine (its wait above);
  // the worker's start and the delivery come after it.
}, 120_000);
