// Server-side request forgery guard. An endpoint URL is refused when it points into the
// installation's own network: loopback, private ranges, link-local (169.254.169.254 is the
// AWS/GCP/Azure metadata service), unique-local (fd00:ec2::254 is AWS's IPv6 one), and
// every other special-purpose range. Checked at registration on the URL and on what its
// host resolves to then (assert-url-allowed.ts), and again at delivery on the address
// connected to (lib/delivery/safe-lookup.ts), so DNS cannot swap it in between.
import ipaddr from 'ipaddr.js';

const REASONS: Record<string, string> = {
  loopback: 'loopback addresses are not allowed',
  private: 'private network addresses are not allowed',
  uniqueLocal: 'private network (unique local) addresses are not allowed',
  linkLocal: 'link-local addresses are not allowed (they include cloud metadata services)',
  unspecified: 'unspecified addresses (0.0.0.0, ::) are not allowed',
  broadcast: 'broadcast addresses are not allowed',
  multicast: 'multicast addresses are not allowed',
  carrierGradeNat: 'carrier-grade NAT addresses are not allowed',
  invalid: 'not a valid IP address',
};

// Why an address may not be connected to, or null when it is ordinary public unicast.
export function blockedAddressReason(ip: string): string | null {
  const range = addressRange(ip);
  if (range === 'unicast') return null;
  return REASONS[range] ?? `reserved or special-purpose addresses are not allowed (${range})`;
}

export function isBlockedAddress(ip: string): boolean {
  return blockedAddressReason(ip) !== null;
}

function addressRange(ip: string): string {
  if (!ipaddr.isValid(ip)) return 'invalid';
  const addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv4') return addr.range();
  const v6 = addr as ipaddr.IPv6;
  // ::ffff:a.b.c.d reaches a.b.c.d, so judge the embedded address.
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
  // 64:ff9b::/96 is NAT64: on an IPv6-only host with DNS64 every public IPv4 site
  // resolves there, so judge the embedded address rather than refuse them all.
  if (v6.match(ipaddr.IPv6.parse('64:ff9b::'), 96)) {
    return ipaddr.fromByteArray(v6.toByteArray().slice(12)).range();
  }
  const range = v6.range();
  // ::a.b.c.d (deprecated IPv4-compatible, RFC 4291 §2.5.5.1) is "unicast" to ipaddr.
  if (range === 'unicast' && v6.match(ipaddr.IPv6.parse('::'), 96)) return 'reserved';
  return range;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export function checkEndpointUrl(text: string, { allowPrivate }: { allowPrivate: boolean }): UrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'the URL could not be parsed' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `only http and https URLs are allowed, not ${url.protocol.slice(0, -1)}` };
  }
  // Credentials in the URL would be sent to the receiver and shown in logs and the UI.
  if (url.username || url.password) return { ok: false, reason: 'URLs with a username or password are not allowed' };
  if (!url.hostname) return { ok: false, reason: 'the URL has no host' };
  if (allowPrivate) return { ok: true, url };

  // The URL parser has already turned 0x7f000001, 127.1 and friends into dotted quads.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
  if (ipaddr.isValid(host)) {
    const reason = blockedAddressReason(host);
    return reason ? { ok: false, reason } : { ok: true, url };
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return { ok: false, reason: 'localhost is not allowed' };
  }
  // metadata.google.internal and every *.internal name (RFC-reserved for private use).
  if (host === 'internal' || host.endsWith('.internal')) {
    return { ok: false, reason: 'internal hostnames (such as metadata.google.internal) are not allowed' };
  }
  return { ok: true, url };
}
