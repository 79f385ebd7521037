// SSRF guard with ALLOW_PRIVATE_ENDPOINTS=0, as in production: private, loopback,
// link-local and metadata URLs are refused at registration (as written, and by what the
// host resolves to), and again at delivery on the address connected to. Its own file
// because the environment is per process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '@/lib/crypto/encryption';
import { db } from '@/lib/db';
import { env, resetEnvForTests } from '@/lib/env';
import { newId } from '@/lib/ids';
import { generateSecret } from '@/lib/signing/secret';
import { settled, workerSuite } from '../support/deliveries.ts';
import { startDnsServer, type DnsServer } from '../support/dns-server.ts';

const suite = workerSuite({ ALLOW_PRIVATE_ENDPOINTS: '0' });

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

type Api = Awaited<ReturnType<typeof suite.harness.newTenant>>['api'];

async function expectRefused(api: Api, url: string) {
  const res = await api('POST', '/api/v1/endpoints', { body: { url } });
  expect(res.status, url).toBe(400);
  expect(res.body.error.code).toBe('invalid_request');
  expect(res.body.error.details, url).toEqual([{ path: 'url', message: expect.any(String) }]);
  expect(res.body.error.message).toMatch(/^url: /);
  return res.body.error.message as string;
}

describe('registration', () => {
  it.each([
    'http://127.0.0.1',
    'http://127.0.0.1:8080/hooks',
    'http://[::1]/',
    'http://10.0.0.1',
    'http://172.16.5.4/',
    'http://172.31.255.255/',
    'http://192.168.1.10/',
    'http://169.254.169.254/latest/meta-data',
    'http://169.254.0.1/',
    'http://[fe80::1]/',
    'http://100.64.0.1/', // carrier-grade NAT, 100.64.0.0/10
    'http://100.127.255.254/',
    'http://224.0.0.1/',
    'http://[ff02::1]/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/', // IPv4-mapped IPv6
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fc00::1]/', // unique local
    'http://[fd00:ec2::254]/', // AWS's IPv6 metadata service
    // Other spellings of 127.0.0.1, which the URL parser normalizes.
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://localhost/',
    'http://localhost./',
    'https://api.localhost/',
    'http://metadata.google.internal/computeMetadata/v1/',
  ])('refuses %s with 400 naming url', async (url) => {
    expect(env().ALLOW_PRIVATE_ENDPOINTS).toBe(false);
    const { id: tenantId, api } = await suite.harness.newTenant();
    await expectRefused(api, url);
    expect(await db().endpoint.count({ where: { tenantId } })).toBe(0);
  });

  // This machine has no DNS: hooks.example.com does not resolve, which is accepted.
  it('accepts a public URL, and refuses a PATCH to a private one', async () => {
    const { api } = await suite.harness.newTenant();
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
    const { id: tenantId, api } = await suite.harness.newTenant();
    const rx = await suite.receivers.start();
    const ep = await insertEndpoint(tenantId, urlFor(Number(new URL(rx.url).port)));

    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    expect(sent.status).toBe(202);
    expect(sent.body.deliveries).toEqual([{ id: expect.any(String), endpointId: ep.id }]);

    const delivery = await settled(sent.body.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.length).toBeGreaterThan(0);
    for (const attempt of delivery.attempts) {
      expect(attempt).toMatchObject({ succeeded: false, statusCode: null, errorClass: 'blocked_address' });
    }
    expect(rx.requests).toHaveLength(0);
  });
});

// DNS_RESOLVER pointed at a real DNS server on loopback whose answers the tests change.
describe('hostnames, resolved through DNS_RESOLVER', () => {
  let dns: DnsServer;

  beforeAll(async () => {
    dns = await startDnsServer({
      'loopback.hookline.test': { A: ['127.0.0.1'] },
      'private.hookline.test': { A: ['10.1.2.3'] },
      'metadata.hookline.test': { A: ['169.254.169.254'] },
      'v6-loopback.hookline.test': { AAAA: ['::1'] },
      'v6-mapped.hookline.test': { AAAA: ['::ffff:127.0.0.1'] },
      // One bad address among good ones is enough: happy eyeballs may pick any of them.
      'mixed.hookline.test': { A: ['93.184.215.14'], AAAA: ['fd00:ec2::254'] },
      'public.hookline.test': { A: ['93.184.215.14'] },
      'servfail.hookline.test': 'servfail',
      'silent.hookline.test': 'silent',
    });
    // The worker runs in this process, so it reads the same environment.
    process.env.DNS_RESOLVER = dns.address;
    resetEnvForTests();
  });

  afterAll(async () => {
    delete process.env.DNS_RESOLVER;
    resetEnvForTests();
    await dns?.close();
  });

  it.each([
    ['loopback.hookline.test', /loopback/],
    ['private.hookline.test', /private network/],
    ['metadata.hookline.test', /link-local/],
    ['v6-loopback.hookline.test', /loopback/],
    ['v6-mapped.hookline.test', /loopback/],
    ['mixed.hookline.test', /unique local/],
  ])('refuses %s at registration by what it resolves to, without saying the address', async (host, reason) => {
    const { api } = await suite.harness.newTenant();
    const message = await expectRefused(api, `https://${host}/hooks`);
    expect(message).toMatch(reason);
    expect(message).toContain(host);
    expect(message).not.toMatch(/127\.0\.0\.1|10\.1\.2\.3|169\.254|::1|fd00/);
    expect(dns.queries).toContain(`A ${host}`);
  });

  it('refuses a PATCH to a name that resolves to a private address', async () => {
    const { api } = await suite.harness.newTenant();
    const created = await api('POST', '/api/v1/endpoints', { body: { url: 'https://public.hookline.test/in' } });
    expect(created.status).toBe(201);
    const patched = await api('PATCH', `/api/v1/endpoints/${created.body.id}`, { body: { url: 'https://private.hookline.test/in' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details).toEqual([{ path: 'url', message: expect.any(String) }]);
  });

  // The customer's DNS may not exist yet; delivery checks whatever it resolves to later.
  it('accepts a name that does not resolve, or whose DNS fails or does not answer in time', async () => {
    const { api } = await suite.harness.newTenant();
    for (const host of ['nxdomain.hookline.test', 'servfail.hookline.test', 'silent.hookline.test']) {
      const started = Date.now();
      const res = await api('POST', '/api/v1/endpoints', { body: { url: `https://${host}/hooks` } });
      expect(res.status, host).toBe(201);
      expect(Date.now() - started, host).toBeLessThan(4_000);
    }
  });

  it('DNS rebinding: a name accepted while public is refused at delivery once it points at loopback', async () => {
    const { api } = await suite.harness.newTenant();
    const rx = await suite.receivers.start();
    dns.set('rebind.hookline.test', { A: ['93.184.215.14'] });
    const created = await api('POST', '/api/v1/endpoints', { body: { url: `http://rebind.hookline.test:${new URL(rx.url).port}/hooks` } });
    expect(created.status).toBe(201);
    expect(dns.queries).toContain('A rebind.hookline.test');

    dns.set('rebind.hookline.test', { A: ['127.0.0.1'] });
    const asked = dns.queries.length;
    const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
    expect(sent.status).toBe(202);

    const delivery = await settled(sent.body.id);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.length).toBeGreaterThan(0);
    for (const attempt of delivery.attempts) {
      expect(attempt).toMatchObject({ succeeded: false, statusCode: null, errorClass: 'blocked_address' });
      expect(attempt.errorMessage).not.toContain('127.0.0.1');
    }
    // The worker asked the DNS_RESOLVER server (the system resolver has never heard of
    // the name: that would have been errorClass dns), and nothing reached the receiver.
    expect(dns.queries.slice(asked)).toContain('A rebind.hookline.test');
    expect(rx.requests).toHaveLength(0);
  });
});
