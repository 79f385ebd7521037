// Registration-time URL rule: the URL itself, then every address its host resolves to
// now. The worker checks the address it actually connects to again at delivery
// (lib/delivery/safe-lookup.ts), since DNS can change in between.
import { isIP } from 'node:net';
import { env } from '../env.ts';
import { AppError } from '../errors.ts';
import { resolveHost } from '../net/resolve-host.ts';
import { blockedAddressReason, checkEndpointUrl } from './url-safety.ts';

// 2.5 s: enough for a cold recursive lookup, short enough that a dead resolver can't
// hold the API request.
const RESOLVE_TIMEOUT_MS = 2_500;

export async function assertUrlAllowed(url: string): Promise<void> {
  const { ALLOW_PRIVATE_ENDPOINTS: allowPrivate, DNS_RESOLVER: servers } = env();
  const verdict = checkEndpointUrl(url, { allowPrivate });
  if (!verdict.ok) refuse(verdict.reason);
  if (allowPrivate) return;
  const reason = await resolvedAddressReason(verdict.url.hostname, servers);
  if (reason) refuse(reason);
}

async function resolvedAddressReason(hostname: string, servers: readonly string[] | undefined): Promise<string | null> {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return null; // an IP literal was judged by checkEndpointUrl
  let addresses;
  try {
    addresses = await resolveHost(host, { servers, timeoutMs: RESOLVE_TIMEOUT_MS });
  } catch {
    // No answer (NXDOMAIN, offline, slow resolver) is accepted: a customer may register
    // before their DNS exists, and delivery refuses a bad address whenever it appears.
    return null;
  }
  for (const { address } of addresses) {
    const reason = blockedAddressReason(address);
    // Not the address itself: that would let a tenant map the internal DNS.
    if (reason) return `${host} resolves to an address that is not allowed (${reason})`;
  }
  return null;
}

function refuse(reason: string): never {
  throw new AppError('invalid_request', `url: ${reason}`, [{ path: 'url', message: reason }]);
}
