// A real HTTP receiver on 127.0.0.1 for integration tests. It records every request
// (headers and the exact body bytes) and answers as the test scripts it to: a status
// and body, never answering (to force a timeout), or dropping the connection.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: string; at: number };
export type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'hang' | 'drop';
export type Script = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export type Receiver = {
  url: string;
  requests: ReceivedRequest[];
  script(next: Script): void;
  close(): Promise<void>;
};

export async function startReceiver(initial: Script = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  let script = initial;
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      requests.push(received);
      void Promise.resolve(script(received, requests.length - 1)).then((reply) => {
        if (reply === 'hang') return void hanging.add(res);
        if (reply === 'drop') return void req.socket.destroy();
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body ?? '');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    script(next) {
      script = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
