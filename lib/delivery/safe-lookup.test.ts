import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, type AddressInfo, type LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { Agent, request } from 'undici';
import { startDnsServer, type DnsServer } from '@/test/support/dns-server';
import { BlockedAddressError, createSafeLookup } from './safe-lookup.ts';

// No external DNS in CI: only names that resolve to loopback are available.
type Answer = { err: NodeJS.ErrnoException | null; address?: unknown; family?: number };

function call(lookup: LookupFunction, hostname: string, options: object): Promise<Answer> {
  return new Promise((resolve) => {
    lookup(hostname, options, (err, address, family) => resolve({ err, address, family }));
  });
}

describe('createSafeLookup', () => {
  const strict = createSafeLookup({ allowPrivate: false });
  const open = createSafeLookup({ allowPrivate: true });

  it('refuses localhost with EBLOCKED_ADDRESS, naming the address (all: true)', async () => {
    const { err, address } = await call(strict, 'localhost', { all: true });
    expect(err).toBeInstanceOf(BlockedAddressError);
    expect(err?.code).toBe('EBLOCKED_ADDRESS');
    expect(err?.message).toMatch(/^refusing to connect to localhost: it resolves to (127\.0\.0\.1|::1), and loopback addresses are not allowed$/);
    expect(address).toBeUndefined();
  });

  it('refuses localhost in the single-address style too', async () => {
    const { err } = await call(strict, 'localhost', { family: 4 });
    expect(err?.code).toBe('EBLOCKED_ADDRESS');
    expect(err?.message).toContain('127.0.0.1');
  });

  it('with allowPrivate answers all: true with an address list', async () => {
    const { err, address } = await call(open, 'localhost', { all: true });
    expect(err).toBeNull();
    expect(address).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) })]));
  });

  it('with allowPrivate answers the single style with (address, family)', async () => {
    const { err, address, family } = await call(open, 'localhost', { family: 4 });
    expect(err).toBeNull();
    expect(address).toBe('127.0.0.1');
    expect(family).toBe(4);
  });

  it('accepts the dns.lookup (host, callback) and (host, family, callback) forms', async () => {
    const lookup = open as unknown as (...args: unknown[]) => void;
    const viaCallback = await new Promise<unknown[]>((resolve) => lookup('localhost', (...args: unknown[]) => resolve(args)));
    expect(viaCallback[0]).toBeNull();
    expect(typeof viaCallback[1]).toBe('string');
    const viaFamily = await new Promise<unknown[]>((resolve) => lookup('localhost', 4, (...args: unknown[]) => resolve(args)));
    expect(viaFamily).toEqual([null, '127.0.0.1', 4]);
  });

  it('passes DNS errors through', async () => {
    const { err } = await call(open, 'no-such-host.invalid', { all: true });
    expect(err?.code).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
  });
});

describe('createSafeLookup in real connections', () => {
  let server: HttpServer;
  let port: number;

  beforeAll(async () => {
    server = createHttpServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function netConnect(allowPrivate: boolean, autoSelectFamily: boolean): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect({ host: 'localhost', port, family: autoSelectFamily ? 0 : 4, autoSelectFamily, lookup: createSafeLookup({ allowPrivate }) });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
  }

  it.each([true, false])('net.connect (autoSelectFamily %s) is refused without allowPrivate', async (autoSelectFamily) => {
    expect(await netConnect(false, autoSelectFamily)).toBe('EBLOCKED_ADDRESS');
  });

  it.each([true, false])('net.connect (autoSelectFamily %s) connects with allowPrivate', async (autoSelectFamily) => {
    expect(await netConnect(true, autoSelectFamily)).toBe('connected');
  });

  it('undici Agent connect.lookup: refused without allowPrivate, delivered with it', async () => {
    const blocked = new Agent({ connect: { lookup: createSafeLookup({ allowPrivate: false }) } });
    const allowed = new Agent({ connect: { lookup: createSafeLookup({ allowPrivate: true }) } });
    try {
      const url = `http://localhost:${port}/`;
      await expect(request(url, { dispatcher: blocked })).rejects.toMatchObject({ code: 'EBLOCKED_ADDRESS' });
      const response = await request(url, { dispatcher: allowed });
      expect(response.statusCode).toBe(200);
      expect(await response.body.text()).toBe('ok');
    } finally {
      await Promise.all([blocked.close(), allowed.close()]);
    }
  });
});

// DNS_RESOLVER: names are asked of these servers, not the system resolver (which has
// never heard of *.hookline.test).
describe('createSafeLookup with DNS servers', () => {
  let dns: DnsServer;
  let server: HttpServer;
  let port: number;

  beforeAll(async () => {
    dns = await startDnsServer({
      'public.hookline.test': { A: ['93.184.215.14'] },
      'loopback.hookline.test': { A: ['127.0.0.1'] },
      'mixed.hookline.test': { A: ['93.184.215.14'], AAAA: ['fd00:ec2::254'] },
    });
    server = createHttpServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await dns.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers a public name from the servers', async () => {
    const lookup = createSafeLookup({ allowPrivate: false, servers: [dns.address] });
    expect(await call(lookup, 'public.hookline.test', { all: true })).toMatchObject({ err: null, address: [{ address: '93.184.215.14', family: 4 }] });
    expect(await call(lookup, 'public.hookline.test', { family: 4 })).toEqual({ err: null, address: '93.184.215.14', family: 4 });
    expect(dns.queries).toContain('A public.hookline.test');
  });

  it('refuses a name with any blocked address among its answers', async () => {
    const lookup = createSafeLookup({ allowPrivate: false, servers: [dns.address] });
    expect((await call(lookup, 'loopback.hookline.test', { all: true })).err).toMatchObject({ code: 'EBLOCKED_ADDRESS', address: '127.0.0.1' });
    expect((await call(lookup, 'mixed.hookline.test', { all: true })).err).toMatchObject({ code: 'EBLOCKED_ADDRESS', address: 'fd00:ec2::254' });
  });

  it('passes NXDOMAIN through as ENOTFOUND', async () => {
    const lookup = createSafeLookup({ allowPrivate: true, servers: [dns.address] });
    expect((await call(lookup, 'nxdomain.hookline.test', { all: true })).err).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('undici connects to the address the servers give, and refuses it when private is not allowed', async () => {
    dns.set('rebind.hookline.test', { A: ['127.0.0.1'] });
    const allowed = new Agent({ connect: { lookup: createSafeLookup({ allowPrivate: true, servers: [dns.address] }) } });
    const blocked = new Agent({ connect: { lookup: createSafeLookup({ allowPrivate: false, servers: [dns.address] }) } });
    try {
      const url = `http://rebind.hookline.test:${port}/`;
      const response = await request(url, { dispatcher: allowed });
      expect(await response.body.text()).toBe('ok');
      await expect(request(url, { dispatcher: blocked })).rejects.toMatchObject({ code: 'EBLOCKED_ADDRESS' });
    } finally {
      await Promise.all([allowed.close(), blocked.close()]);
    }
  });
});
