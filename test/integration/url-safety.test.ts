// SSRF guard with ALLOW_PRIVATE_ENDPOINTS=0, as in production: private, loopback,
// link-local and metadata URLs are refused at registration, and again at delivery on
// the resolved address. Its own file because the environment is per process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '@/lib/crypto/encryption';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { newId } from '@/lib/ids';
import { generateSecret } from '@/lib/signing/secret';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { startHarness, type Harness } from '../support/harness.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { waitFor } from '../support/wait-for.ts';

let harness: Harness;
let worker: RunningWorker;
const receivers: Receiver[] = [];

beforeAll(async () => {
  harness = await startHarness({ ALLOW_PRIVATE_ENDPOINTS: '0' });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await harness?.close();
});

async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

/** An endpoint row written straight to the database, as if the URL had passed registration. */
async function insertEndpoint(tenantId: string, url: string) {
  return db().endpoint.create({
    data: {
      id: newId('endpoint'),
      tenantId,
      url,
      secrets: { create: { id: newId('secret'), ciphertext: encryptSecret(generateSecret(), env().HOOKLINE_ENCRYPTION_KEY) } },
    },
  });
}

describe('registration', () => {
  it('refuses loopback, private, link-local, metadata and localhost URLs, naming url', async () => {
    expect(env().ALLOW_PRIVATE_ENDPOINTS).toBe(false);
    const { id: tenantId, api } = await harness.newTenant();
    const refused = [
      'http://127.0.0.1',
      'http://127.0.0.1:8080/hooks',
      'http://10.0.0.1',
      'http://172.16.5.4/',
      'http://192.168.1.10/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00:ec2::254]/',
      'http://localhost/',
      'https://api.localhost/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://0.0.0.0/',
      'http://0x7f000001/', // the URL parser turns this into 127.0.0.1
      'http://2130706433/',
    ];
    for (const url of refused) {
      const res = await api('POST', '/api/v1/endpoints', { body: { url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details, url).toEqual([{ path: 'url', message: expect.any(String) }]);
      expect(res.body.error.message).toMatch(/^url: /);
    }
    expect(await db().endpoint.count({ where: { tenantId } })).toBe(0);
  });

  it('accepts a public URL, and refuses a PATCH to a private one', async () => {
    const { api } = await harness.newTenant();
    const created = await api('POST', '/api/v1/endpoints', { body: { url: 'https://hooks.example.com/in' } });
    expect(created.status).toBe(201);
    const patched = await api('PATCH', `/api/v1/endpoints/${created.body.id}`, { body: { url: 'http://169.254.169.254/' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details).toEqual([{ path: 'url', message: expect.any(String) }]);
    expect((await api('GET', `/api/v1/endpoints/${created.body.id}`)).body.url).toBe('https://hooks.example.com/in');
  });
});

describe('delivery', () => {
  it.each([
    ['a hostname that resolves to loopback', (port: number) => `http://localhost:${port}/hooks`],
    ['a loopback IP literal', (port: number) => `http://127.0.0.1:${port}/hooks`],
    ['an IPv4-mapped IPv6 literal', (port: number) => `http://[::ffff:127.0.0.1]:${port}/hooks`],
  ])('refuses to connect to %s: blocked_address, and the receiver gets nothing', async (_, urlFor) => {
    const { id: tenantId, api } = await harness.newTenant();
    const rx = await receiver();
    const port = Number(new URL(rx.url).port);
    const ep = await insertEndpoint(tenantId, urlFor(port));

    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    expect(sent.status).toBe(202);
    expect(sent.body.deliveries).toEqual([{ id: expect.any(String), endpointId: ep.id }]);

    const delivery = await waitFor(
      async () => {
        const d = await db().delivery.findFirstOrThrow({ where: { eventId: sent.body.id }, include: { attempts: true } });
        return d.status === 'failed' ? d : null;
      },
      { what: 'the blocked delivery to fail' },
    );
    expect(delivery.attempts.length).toBeGreaterThan(0);
    for (const attempt of delivery.attempts) {
      expect(attempt).toMatchObject({ succeeded: false, statusCode: null, errorClass: 'blocked_address' });
    }
    expect(rx.requests).toHaveLength(0);
  });
});
