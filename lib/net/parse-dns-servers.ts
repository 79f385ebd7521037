// DNS_RESOLVER's "ip:port,ip:port" list, checked at start-up so a typo stops the process
// instead of failing every delivery. Servers are IP addresses (resolving the resolver's
// name would need a resolver); the port defaults to 53; IPv6 with a port is [ip]:port.
import { isIP } from 'node:net';

/** Returns the servers in the form `Resolver.setServers` takes. */
export function parseDnsServers(text: string): string[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('give at least one server, e.g. 1.1.1.1:53');
  return entries.map(parseServer);
}

function parseServer(entry: string): string {
  const bracketed = /^\[(.*)\](?::(.*))?$/.exec(entry);
  const lastColon = entry.lastIndexOf(':');
  // A bare IPv6 address is all colons: only split off a port when it is not one.
  const [host, port = '53'] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : isIP(entry) === 0 && lastColon > 0
      ? [entry.slice(0, lastColon), entry.slice(lastColon + 1)]
      : [entry];
  const family = isIP(host);
  if (family === 0) throw new Error(`"${entry}" is not an IP address with an optional port (e.g. 10.0.0.2:53, [2606:4700:4700::1111]:53)`);
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535) throw new Error(`"${entry}": the port must be 1–65535`);
  return family === 6 ? `[${host}]:${Number(port)}` : `${host}:${Number(port)}`;
}
