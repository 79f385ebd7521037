// sendWebhook's own timer and the worker's shared shutdown signal: many attempts in
// flight share one listener on the signal (no MaxListenersExceededWarning), the signal
// cuts every one of them short, and a slow endpoint is cut at the timeout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeHttpAgents, sendWebhook } from '@/lib/delivery/http-client';
import { startHarness, type Harness } from '../support/harness.ts';

let harness: Harness;
let server: Server;
let url: string;

beforeAll(async () => {
  harness = await startHarness();
  // Never answers: every attempt waits until it is cut.
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await closeHttpAgents();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await harness?.close();
});

const attempt = (shutdown: AbortSignal, timeoutMs = 60_000) =>
  sendWebhook({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs, allowPrivate: true, shutdown });

it('aborts every attempt in flight when the worker shuts down, with one listener on its signal', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.name);
  process.on('warning', onWarning);
  try {
    const shutdown = new AbortController();
    const attempts = Array.from({ length: 20 }, () => attempt(shutdown.signal));
    await new Promise((resolve) => setTimeout(resolve, 100));
    shutdown.abort();
    const results = await Promise.all(attempts);
    expect(results.map((r) => r.errorClass)).toEqual(Array(20).fill('worker_shutdown'));
    // An attempt that starts after the signal is cut at once.
    expect((await attempt(shutdown.signal)).errorClass).toBe('worker_shutdown');
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  } finally {
    process.off('warning', onWarning);
  }
});

it('cuts an endpoint that does not answer at the timeout, and the shared signal keeps working', async () => {
  const shutdown = new AbortController();
  const result = await attempt(shutdown.signal, 200);
  expect(result).toMatchObject({ ok: false, statusCode: null, errorClass: 'timeout' });
  expect(result.durationMs).toBeGreaterThanOrEqual(190);
  const later = attempt(shutdown.signal);
  shutdown.abort();
  expect((await later).errorClass).toBe('worker_shutdown');
});
