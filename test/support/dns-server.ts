// A real DNS server on 127.0.0.1 (UDP, random port) answering A and AAAA questions from a
// table the test edits as it goes, so a name can answer a public address now and
// 127.0.0.1 a moment later (DNS rebinding). Unknown names are NXDOMAIN; TTL 0, so no
// resolver on the way caches an answer across a change.
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { AUTHORITATIVE_ANSWER, decode, encode, RECURSION_AVAILABLE, RECURSION_DESIRED, type Answer } from 'dns-packet';

/** Addresses for a name, or a misbehaving server: SERVFAIL, or no answer at all. */
export type DnsAnswer = { A?: string[]; AAAA?: string[] } | 'servfail' | 'silent';

export type DnsServer = {
  /** ip:port, the form DNS_RESOLVER takes. */
  address: string;
  /** Every question asked, in order, as "A rebind.hookline.test". */
  queries: string[];
  set(name: string, answer: DnsAnswer): void;
  close(): Promise<void>;
};

// RFC 1035 §4.1.1 response codes.
const SERVFAIL = 2;
const NXDOMAIN = 3;

export async function startDnsServer(initial: Record<string, DnsAnswer> = {}): Promise<DnsServer> {
  const table = new Map(Object.entries(initial).map(([name, answer]) => [normalize(name), answer]));
  const queries: string[] = [];
  const socket = createSocket('udp4');

  socket.on('message', (message, peer) => {
    let query;
    try {
      query = decode(message);
    } catch {
      return; // not DNS: ignore, as a real server would
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = normalize(question.name);
    queries.push(`${question.type} ${name}`);
    const entry = table.get(name);
    if (entry === 'silent') return;
    const rcode = entry === undefined ? NXDOMAIN : entry === 'servfail' ? SERVFAIL : 0;
    const addresses = typeof entry === 'object' && (question.type === 'A' || question.type === 'AAAA') ? (entry[question.type] ?? []) : [];
    const answers = addresses.map((data): Answer => ({ type: question.type as 'A' | 'AAAA', class: 'IN', name: question.name, ttl: 0, data }));
    const response = encode({
      id: query.id,
      type: 'response',
      flags: AUTHORITATIVE_ANSWER | RECURSION_AVAILABLE | ((query.flags ?? 0) & RECURSION_DESIRED) | rcode,
      questions: query.questions,
      answers,
    });
    socket.send(response, peer.port, peer.address);
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    queries,
    set(name, answer) {
      table.set(normalize(name), answer);
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
