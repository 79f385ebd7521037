// Serves one of the app's route handlers (app/api/**/route.ts: a function from a web
// Request to a Response) over real HTTP on 127.0.0.1, for tests that need the handler
// the app runs without building and starting Next. `override` lets a test answer in
// the handler's place (a receiver that is down).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteServer = { origin: string; close(): Promise<void> };
type Handler = (request: Request) => Promise<Response> | Response;

export async function serveRoute(handler: Handler, override: () => Response | null = () => null): Promise<RouteServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
        const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method, headers, body });
        const response = override() ?? (await handler(request));
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
