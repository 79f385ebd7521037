// A DNS lookup for outgoing webhook connections that refuses private addresses *after*
// resolution: a hostname can pass registration and later resolve to 127.0.0.1 or
// 169.254.169.254 (DNS rebinding). Plug it into net.connect / tls.connect `lookup`, or
// undici's `new Agent({ connect: { lookup } })`, which passes it through to them.
// IP literals never reach a lookup (net connects to them directly): check those with
// lib/endpoints/url-safety.ts. `servers` (DNS_RESOLVER) asks those DNS servers instead
// of the system resolver.
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { blockedAddressReason } from '../endpoints/url-safety.ts';
import { resolveHost } from '../net/resolve-host.ts';

type Callback = (err: NodeJS.ErrnoException | null, address?: string | LookupAddress[], family?: number) => void;

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED_ADDRESS';
  readonly hostname: string;
  readonly address: string;

  constructor(hostname: string, address: string, reason: string) {
    super(`refusing to connect to ${hostname}: it resolves to ${address}, and ${reason}`);
    this.name = 'BlockedAddressError';
    this.hostname = hostname;
    this.address = address;
  }
}

export function createSafeLookup({ allowPrivate, servers }: { allowPrivate: boolean; servers?: readonly string[] }): LookupFunction {
  // dns.lookup also takes (host, family) and (host, callback); accept every form so this
  // stays a drop-in replacement whoever calls it.
  function safeLookup(hostname: string, optionsOrCallback: LookupOptions | number | Callback | undefined, maybeCallback?: Callback): void {
    const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback)!;
    const options: LookupOptions =
      typeof optionsOrCallback === 'number' ? { family: optionsOrCallback } : typeof optionsOrCallback === 'object' ? optionsOrCallback : {};

    // Always ask for every address: with Node's happy-eyeballs (autoSelectFamily, on by
    // default since Node 20) net may try any of them, so all must be safe.
    resolveHost(hostname, { ...options, servers }).then((addresses) => {
      if (addresses.length === 0) {
        return callback(Object.assign(new Error(`no addresses found for ${hostname}`), { code: 'ENOTFOUND', hostname }));
      }
      if (!allowPrivate) {
        for (const { address } of addresses) {
          const reason = blockedAddressReason(address);
          if (reason) return callback(new BlockedAddressError(hostname, address, reason));
        }
      }
      // net calls with `all: true` when auto-selecting the family, and expects
      // (err, address, family) otherwise; answer in the shape that was asked for.
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    }, callback);
  }
  return safeLookup as LookupFunction;
}
