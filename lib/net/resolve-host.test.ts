import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from '@/test/support/dns-server';
import { resolveHost } from './resolve-host.ts';

describe('resolveHost with DNS servers', () => {
  let dns: DnsServer;
  let servers: string[];

  beforeAll(async () => {
    dns = await startDnsServer({
      'both.hookline.test': { A: ['93.184.215.14'], AAAA: ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'] },
      'v6only.hookline.test': { AAAA: ['::1'] },
      'empty.hookline.test': {},
      'broken.hookline.test': 'servfail',
      'silent.hookline.test': 'silent',
    });
    servers = [dns.address];
  });
  afterAll(() => dns.close());

  it('asks A and AAAA, IPv4 first', async () => {
    expect(await resolveHost('both.hookline.test', { servers })).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    expect(await resolveHost('v6only.hookline.test', { servers })).toEqual([{ address: '::1', family: 6 }]);
  });

  it('asks only the family that was asked for', async () => {
    const before = dns.queries.length;
    expect(await resolveHost('both.hookline.test', { servers, family: 4 })).toEqual([{ address: '93.184.215.14', family: 4 }]);
    expect(dns.queries.slice(before)).toEqual(['A both.hookline.test']);
  });

  it('answers an IP literal without asking', async () => {
    const before = dns.queries.length;
    expect(await resolveHost('127.0.0.1', { servers })).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(dns.queries.length).toBe(before);
  });

  it('reports NXDOMAIN and no records as ENOTFOUND', async () => {
    await expect(resolveHost('nxdomain.hookline.test', { servers })).rejects.toMatchObject({ code: 'ENOTFOUND', hostname: 'nxdomain.hookline.test' });
    await expect(resolveHost('empty.hookline.test', { servers })).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  // getaddrinfo's "try again": the delivery error classes read it as dns, never as the
  // endpoint refusing the connection (c-ares says ECONNREFUSED for a closed DNS port).
  it('reports SERVFAIL, a silent server and a closed port as EAI_AGAIN', async () => {
    await expect(resolveHost('broken.hookline.test', { servers })).rejects.toMatchObject({ code: 'EAI_AGAIN', message: expect.stringContaining('ESERVFAIL') });
    await expect(resolveHost('x.hookline.test', { servers: ['127.0.0.1:1'] })).rejects.toMatchObject({ code: 'EAI_AGAIN' });
    const started = Date.now();
    await expect(resolveHost('silent.hookline.test', { servers, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'EAI_AGAIN',
      message: 'no DNS answer for silent.hookline.test within 300 ms',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('resolveHost with the system resolver', () => {
  it('answers from /etc/hosts', async () => {
    const addresses = await resolveHost('localhost', {});
    expect(addresses.map((a) => a.address)).toEqual(expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]));
  });

  it('passes failures through', async () => {
    await expect(resolveHost('no-such-host.invalid', { timeoutMs: 2_500 })).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) });
  });
});
