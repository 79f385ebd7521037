import { describe, it, expect } from 'vitest';
import { blockedAddressReason, checkEndpointUrl, isBlockedAddress } from './url-safety.ts';

const strict = { allowPrivate: false };
const reasonFor = (url: string) => {
  const check = checkEndpointUrl(url, strict);
  return check.ok ? null : check.reason;
};

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['::1', /loopback/],
    ['10.0.0.1', /private network/],
    ['172.16.0.1', /private network/],
    ['172.31.255.255', /private network/],
    ['192.168.1.1', /private network/],
    ['169.254.169.254', /link-local.*metadata/],
    ['fe80::1', /link-local/],
    ['fd00:ec2::254', /unique local/],
    ['fc00::1', /unique local/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['255.255.255.255', /broadcast/],
    ['224.0.0.1', /multicast/],
    ['ff02::1', /multicast/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['192.0.2.1', /reserved/],
    ['240.0.0.1', /reserved/],
    ['2001:db8::1', /reserved/],
    ['2002:7f00:1::', /6to4/],
    ['2001:0:4136:e378::1', /teredo/],
    ['fec0::1', /deprecatedSiteLocal/],
    ['::7f00:1', /reserved/], // IPv4-compatible ::127.0.0.1
    ['::ffff:0:7f00:1', /rfc6145/],
    ['64:ff9b:1::1', /rfc6052/], // local-use NAT64 prefix
  ])('blocks %s', (ip, reason) => {
    expect(isBlockedAddress(ip)).toBe(true);
    expect(blockedAddressReason(ip)).toMatch(reason);
  });

  it('judges IPv4-mapped IPv6 by the embedded IPv4 address', () => {
    expect(blockedAddressReason('::ffff:127.0.0.1')).toMatch(/loopback/);
    expect(blockedAddressReason('::ffff:7f00:1')).toMatch(/loopback/);
    expect(blockedAddressReason('::ffff:a9fe:a9fe')).toMatch(/link-local/);
    expect(blockedAddressReason('::ffff:10.1.2.3')).toMatch(/private network/);
    expect(isBlockedAddress('::ffff:8.8.8.8')).toBe(false);
  });

  it('judges well-known NAT64 addresses by the embedded IPv4 address', () => {
    expect(blockedAddressReason('64:ff9b::7f00:1')).toMatch(/loopback/);
    expect(blockedAddressReason('64:ff9b::a9fe:a9fe')).toMatch(/link-local/);
    expect(isBlockedAddress('64:ff9b::808:808')).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:82a::200e'])(
    'allows public %s',
    (ip) => {
      expect(isBlockedAddress(ip)).toBe(false);
      expect(blockedAddressReason(ip)).toBeNull();
    },
  );

  it('fails closed on things that are not IP addresses', () => {
    expect(blockedAddressReason('example.com')).toMatch(/not a valid IP/);
    expect(isBlockedAddress('')).toBe(true);
  });
});

describe('checkEndpointUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', /loopback/],
    ['http://[::1]/hook', /loopback/],
    ['http://10.1.2.3/', /private network/],
    ['http://172.16.5.4/', /private network/],
    ['https://192.168.0.10/', /private network/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[fd00:ec2::254]/', /unique local/],
    ['http://0.0.0.0:3000/', /unspecified/],
    ['http://[::]/', /unspecified/],
    ['http://100.64.1.1/', /carrier-grade NAT/],
    ['http://172.31.255.255/', /private network/],
    ['http://169.254.0.1/', /link-local/],
    ['http://100.127.255.254/', /carrier-grade NAT/],
    ['http://224.0.0.1/', /multicast/],
    ['http://[ff02::1]/', /multicast/],
    ['http://[fc00::1]/', /unique local/],
    ['http://[fe80::1]/', /link-local/],
    ['http://[::ffff:7f00:1]/', /loopback/],
    ['http://[::ffff:169.254.169.254]/', /link-local/],
    ['http://[::ffff:10.0.0.1]/', /private network/],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', /loopback/],
    ['http://[::127.0.0.1]/', /reserved/],
    // Alternative spellings of 127.0.0.1 that the URL parser normalizes.
    ['http://2130706433/', /loopback/],
    ['http://0x7f000001/', /loopback/],
    ['http://0177.0.0.1/', /loopback/],
    ['http://017700000001/', /loopback/],
    ['http://0x7f.1/', /loopback/],
    ['http://0x7f.0x0.0x0.0x1/', /loopback/],
    ['http://127.1/', /loopback/],
    ['http://127.0.0.1./', /loopback/],
    ['http://127\u30020\u30020\u30021/', /loopback/], // ideographic full stops
    ['http://0/', /unspecified/],
  ])('refuses %s', (url, reason) => {
    expect(reasonFor(url)).toMatch(reason);
  });

  it.each(['http://localhost:3000/', 'http://LOCALHOST/', 'http://localhost./', 'http://localhost../', 'http://%6c%6fcalhost/', 'http://api.localhost/', 'http://a.b.localhost/'])(
    'refuses %s by name',
    (url) => {
      expect(reasonFor(url)).toBe('localhost is not allowed');
    },
  );

  it.each(['http://metadata.google.internal/computeMetadata/v1/', 'http://metadata.google.internal./', 'http://db.corp.internal/', 'http://internal/'])(
    'refuses %s by name',
    (url) => {
      expect(reasonFor(url)).toMatch(/internal hostnames/);
    },
  );

  it.each([
    ['ftp://example.com/hook', /only http and https URLs are allowed, not ftp/],
    ['file:///etc/passwd', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['ws://example.com/', /not ws/],
    ['https://user:pass@example.com/hook', /username or password/],
    ['https://user@example.com/hook', /username or password/],
    ['not a url', /could not be parsed/],
    ['', /could not be parsed/],
    ['/relative/path', /could not be parsed/],
    ['http://', /could not be parsed/],
  ])('refuses %j', (url, reason) => {
    expect(reasonFor(url)).toMatch(reason);
  });

  it.each([
    'https://example.com/webhooks',
    'http://example.com:8080/hook?x=1',
    'https://hooks.slack.com/services/T000/B000/XXX',
    'https://8.8.8.8/hook',
    'https://[2606:4700:4700::1111]/hook',
    'https://localhost.example.com/', // only the localhost TLD is special
    'https://internal.example.com/',
  ])('accepts %s', (url) => {
    const check = checkEndpointUrl(url, strict);
    expect(check).toEqual({ ok: true, url: new URL(url) });
  });

  it('with allowPrivate accepts loopback, private and localhost', () => {
    for (const url of ['http://127.0.0.1:4000/hook', 'http://[::1]/', 'http://localhost:3000/', 'http://10.0.0.5/', 'http://metadata.google.internal/']) {
      const check = checkEndpointUrl(url, { allowPrivate: true });
      expect(check.ok).toBe(true);
    }
  });

  it('with allowPrivate still refuses bad schemes and credentials', () => {
    expect(checkEndpointUrl('ftp://127.0.0.1/', { allowPrivate: true })).toMatchObject({ ok: false });
    expect(checkEndpointUrl('http://a:b@localhost/', { allowPrivate: true })).toMatchObject({ ok: false });
  });
});
