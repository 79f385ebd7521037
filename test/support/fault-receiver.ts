// A misbehaving webhook consumer on 127.0.0.1 for the chaos suite: one server, any
// number of endpoint paths, and per request a fault drawn from a seeded PRNG — a 200
// (most of the time), a 500, a 503 with Retry-After, the connection dropped before an
// answer, an answer after random latency, a hang past the sender's timeout, or a 200
// whose body is cut by a TCP reset. Each request is recorded with its webhook-id and
// path, and whether a 2xx answer went out in full: the only kind that counts as
// delivered.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAULT_KINDS = ['ok', 'slow', 'error_500', 'unavailable_503', 'drop', 'hang', 'reset_mid_body'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

// Relative weights: a 2xx (ok or slow) about two times in three.
export const DEFAULT_FAULT_WEIGHTS: Record<FaultKind, number> = {
  ok: 52,
  slow: 14,
  error_500: 9,
  unavailable_503: 5,
  drop: 8,
  hang: 4,
  reset_mid_body: 8,
};

export type FaultRequest = { path: string; webhookId: string; fault: FaultKind; delivered: boolean; at: number };

export type FaultReceiver = {
  /** The URL of one endpoint path on this server, e.g. url('/ep/3'). */
  url(path: string): string;
  requests: FaultRequest[];
  /** Requests whose answer has not ended yet (hanging, slow, or being read). */
  inFlight(): number;
  /** Full 2xx answers per `${path} ${webhookId}`. */
  deliveredCounts(): Map<string, number>;
  faultCounts(): Record<FaultKind, number>;
  close(): Promise<void>;
};

export type FaultReceiverOptions = {
  seed: number;
  weights?: Record<FaultKind, number>;
  /** Upper bound of the `slow` latency; keep it under the sender's timeout. */
  maxLatencyMs?: number;
  /** How long a hung request is held if the sender doesn't give up first. */
  hangMs?: number;
  /** Seconds sent in a 503's Retry-After. */
  retryAfterSeconds?: number;
};

/** mulberry32: a tiny seeded PRNG, so a run's fault sequence can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pairKey(path: string, webhookId: string): string {
  return `${path} ${webhookId}`;
}

export async function startFaultReceiver(options: FaultReceiverOptions): Promise<FaultReceiver> {
  const random = seededRandom(options.seed);
  const weights = options.weights ?? DEFAULT_FAULT_WEIGHTS;
  const total = FAULT_KINDS.reduce((sum, kind) => sum + weights[kind], 0);
  const pick = (): FaultKind => {
    let r = random() * total;
    for (const kind of FAULT_KINDS) if ((r -= weights[kind]) < 0) return kind;
    return 'ok';
  };
  const maxLatencyMs = options.maxLatencyMs ?? 300;
  const hangMs = options.hangMs ?? 5_000;
  const requests: FaultRequest[] = [];
  const open = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    req.on('data', () => undefined);
    req.on('end', () => {
      // Drawn in arrival order, so one seed gives one sequence of faults.
      const fault = pick();
      const latency = Math.floor(random() * maxLatencyMs);
      const record: FaultRequest = { path: req.url ?? '', webhookId: String(req.headers['webhook-id'] ?? ''), fault, delivered: false, at: Date.now() };
      requests.push(record);
      const answer = (status: number, headers: Record<string, string> = {}) => {
        if (res.destroyed) return; // the sender gave up meanwhile: nothing was delivered
        // 'finish': the whole answer was handed to the kernel, not just begun.
        if (status >= 200 && status < 300) res.on('finish', () => (record.delivered = true));
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(status < 300 ? 'ok' : 'nope');
      };
      switch (fault) {
        case 'ok':
          return answer(200);
        case 'slow':
          return void setTimeout(() => answer(200), latency);
        case 'error_500':
          return answer(500);
        case 'unavailable_503':
          return answer(503, { 'retry-after': String(options.retryAfterSeconds ?? 1) });
        case 'drop':
          return void req.socket.destroy();
        case 'hang':
          // The sender's timeout normally closes it first; this only bounds a stuck one.
          return void setTimeout(() => req.socket.destroy(), hangMs).unref();
        case 'reset_mid_body': {
          // Headers and half of a declared body, then a TCP RST: a 200 that never completes.
          const body = 'x'.repeat(2048);
          res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(body.length) });
          res.write(body.slice(0, body.length / 2), () => setTimeout(() => req.socket.resetAndDestroy(), 10));
          return;
        }
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // resets and aborted requests error here; expected
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    inFlight: () => open.size,
    deliveredCounts() {
      const counts = new Map<string, number>();
      for (const r of requests) if (r.delivered) counts.set(pairKey(r.path, r.webhookId), (counts.get(pairKey(r.path, r.webhookId)) ?? 0) + 1);
      return counts;
    },
    faultCounts() {
      const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
      for (const r of requests) counts[r.fault]++;
      return counts;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
