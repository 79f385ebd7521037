// The bench's webhook receiver, run as its own process (bench/processes.ts) so it never
// shares an event loop with the load generator. It answers at once and notes when each
// webhook arrived:
//   POST /<group>/…/hang   never answered (the sender's timeout ends it)
//   POST /<group>/…/fail   500
//   POST anything else     200 "ok"
// The first path segment is the group a scenario reads back over the control API:
//   GET /_bench/stats?group=g      { count, duplicates, first, last, perSecond: [[unix s, n]] }
//   GET /_bench/arrivals?group=g   { "<path> <webhook-id>": arrival (ms since the epoch, sub-ms) }
// A request's time is taken when its headers have arrived, on the same clock as the
// bench's (performance.timeOrigin + performance.now(): wall time, monotonic within a run).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Group = { count: number; duplicates: number; first: number; last: number; perSecond: Map<number, number>; arrivals: Map<string, number> };

const groups = new Map<string, Group>();
const hanging = new Set<ServerResponse>();
const now = () => performance.timeOrigin + performance.now();

function group(name: string): Group {
  let g = groups.get(name);
  if (!g) groups.set(name, (g = { count: 0, duplicates: 0, first: 0, last: 0, perSecond: new Map(), arrivals: new Map() }));
  return g;
}

function note(path: string, webhookId: string | undefined, at: number): void {
  const g = group(path.split('/')[1] ?? '');
  const second = Math.floor(at / 1000);
  g.perSecond.set(second, (g.perSecond.get(second) ?? 0) + 1);
  if (webhookId) {
    const key = `${path} ${webhookId}`;
    if (g.arrivals.has(key)) return void g.duplicates++;
    g.arrivals.set(key, at);
  }
  g.count++;
  if (!g.first) g.first = at;
  g.last = at;
}

function control(url: URL, res: ServerResponse): void {
  const g = group(url.searchParams.get('group') ?? '');
  res.writeHead(200, { 'content-type': 'application/json' });
  if (url.pathname === '/_bench/stats') {
    return void res.end(JSON.stringify({ count: g.count, duplicates: g.duplicates, first: g.first, last: g.last, perSecond: [...g.perSecond] }));
  }
  if (url.pathname === '/_bench/arrivals') return void res.end(JSON.stringify(Object.fromEntries(g.arrivals)));
  res.end('{}');
}

const server = createServer((req, res) => {
  const at = now();
  const path = req.url ?? '/';
  if (path.startsWith('/_bench/')) return control(new URL(path, 'http://receiver'), res);
  const id = req.headers['webhook-id'];
  note(path, typeof id === 'string' ? id : undefined, at);
  req.resume();
  req.on('end', () => {
    if (path.endsWith('/hang')) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    res.writeHead(path.endsWith('/fail') ? 500 : 200, { 'content-type': 'text/plain' });
    res.end(path.endsWith('/fail') ? 'bench: failing on purpose' : 'ok');
  });
});
server.keepAliveTimeout = 30_000; // longer than any sender's idle pool timeout
server.listen(Number(process.env.BENCH_RECEIVER_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  if (process.send) process.send({ port });
  else console.log(`bench receiver on http://127.0.0.1:${port}`);
});

// Lives as long as the bench: it goes when the bench's IPC channel closes, however that ended.
const stop = () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  server.close();
  process.exit(0);
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', () => undefined); // Ctrl-C reaches the whole group; the bench stops us in order
