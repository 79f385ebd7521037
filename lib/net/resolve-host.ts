// Every address a hostname resolves to, for the SSRF checks at registration and at
// delivery. By default the system resolver (dns.lookup: /etc/hosts, search domains), the
// answer any program on this host would connect to. With DNS_RESOLVER, A and AAAA queries
// straight to those servers, so endpoint names can be kept off an internal split-horizon
// DNS that knows names (and private addresses) the public one doesn't.
import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

export type ResolveOptions = Omit<LookupOptions, 'all'> & {
  /** DNS_RESOLVER's servers; unset means the system resolver. */
  servers?: readonly string[];
  /** Gives up (EAI_AGAIN) after this long; unset leaves it to the caller's own timeout. */
  timeoutMs?: number;
};

export function resolveHost(hostname: string, { servers, timeoutMs, ...options }: ResolveOptions): Promise<LookupAddress[]> {
  const answer = servers ? queryServers(hostname, servers, options.family) : systemLookup(hostname, options);
  return timeoutMs === undefined ? answer : withTimeout(answer, timeoutMs, hostname);
}

function systemLookup(hostname: string, options: LookupOptions): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });
}

async function queryServers(hostname: string, servers: readonly string[], family: LookupOptions['family']): Promise<LookupAddress[]> {
  // A resolver is asked for records, not addresses: an IP literal has none.
  const literal = isIP(hostname);
  if (literal) return [{ address: hostname, family: literal }];
  const resolver = resolverFor(servers);
  const families = family === 4 || family === 'IPv4' ? [4] : family === 6 || family === 'IPv6' ? [6] : [4, 6];
  const answers = await Promise.allSettled(
    families.map(async (f) => {
      const addresses = f === 4 ? await resolver.resolve4(hostname) : await resolver.resolve6(hostname);
      return addresses.map((address) => ({ address, family: f }));
    }),
  );
  const addresses = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
  if (addresses.length > 0) return addresses;
  // Fold c-ares's codes into getaddrinfo's, which the delivery error classes know: its
  // ECONNREFUSED (the DNS server refused) must not read as the endpoint refusing.
  const errors = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as NodeJS.ErrnoException] : []));
  if (errors.every((e) => e.code === 'ENOTFOUND' || e.code === 'ENODATA')) {
    throw dnsError('ENOTFOUND', `no address found for ${hostname}`, hostname, errors[0]);
  }
  const codes = [...new Set(errors.map((e) => e.code))].join(', ');
  throw dnsError('EAI_AGAIN', `the DNS servers gave no answer for ${hostname} (${codes})`, hostname, errors[0]);
}

const resolvers = new Map<string, Resolver>();

function resolverFor(servers: readonly string[]): Resolver {
  const key = servers.join(',');
  let resolver = resolvers.get(key);
  if (!resolver) {
    // 1 s × 2 tries per server: c-ares's default (5 s × 4) would outlast the attempt.
    resolver = new Resolver({ timeout: 1_000, tries: 2 });
    resolver.setServers([...servers]);
    resolvers.set(key, resolver);
  }
  return resolver;
}

function withTimeout<T>(answer: Promise<T>, ms: number, hostname: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(dnsError('EAI_AGAIN', `no DNS answer for ${hostname} within ${ms} ms`, hostname)), ms);
  });
  // The lookup itself can't be cancelled (getaddrinfo runs on the thread pool); its late
  // answer is ignored.
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}

function dnsError(code: string, message: string, hostname: string, cause?: unknown): NodeJS.ErrnoException {
  return Object.assign(new Error(message, { cause }), { code, hostname });
}
