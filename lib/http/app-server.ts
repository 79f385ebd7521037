// The app's HTTP server (`hookline serve`): Next.js for every page and route, behind a
// node:http server that answers the two ingest routes, POST /api/v1/events and
// POST /api/v1/events/batch, itself, with the same route handlers (app/api/v1/events),
// without Next's request pipeline.
//
// Why: ingest is the producer's hot path, and on the benchmark's 2-core machine Next's
// pipeline (routing, its request and response objects, its async contexts) was most of
// the app's CPU per event: a route that does nothing answered ~1,200 requests/s under
// `next start`, and POST /api/v1/events ~790/s; the same handler called from here
// answers ~2,100/s (bench, scenario 2). Everything the handler does — API-key check,
// validation, request id, log line, metrics, trace span, error bodies — is the same
// code either way (lib/http/api-route.ts); only Next's routing is skipped, for two exact
// paths and one method. Anything else, including those paths with another method or a
// trailing slash, goes to Next.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES, withHeldBody } from './read-json.ts';
import { logger } from '../observability/logger.ts';

type RouteHandler = (request: Request) => Promise<Response>;

// Loaded on first use, like Next loads a route.
const INGEST_ROUTES: Record<string, () => Promise<RouteHandler>> = {
  '/api/v1/events': async () => (await import('../../app/api/v1/events/route.ts')).POST,
  '/api/v1/events/batch': async () => (await import('../../app/api/v1/events/batch/route.ts')).POST,
};

export type AppServer = { url: string; server: http.Server; close(): Promise<void> };

export type AppServerOptions = { port: number; hostname?: string; dir?: string };

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: options.dir ?? process.cwd(), hostname: options.hostname, port: options.port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();
  const handlers = new Map<string, Promise<RouteHandler>>();
  const ingestHandler = (req: http.IncomingMessage): Promise<RouteHandler> | undefined => {
    if (req.method !== 'POST' || !req.url) return undefined;
    const query = req.url.indexOf('?');
    const path = query === -1 ? req.url : req.url.slice(0, query);
    const load = INGEST_ROUTES[path];
    if (!load) return undefined;
    let handler = handlers.get(path);
    if (!handler) handlers.set(path, (handler = load()));
    return handler;
  };

  const server = http.createServer((req, res) => {
    const handler = ingestHandler(req);
    if (!handler) {
      // Next answers its own errors; this is Next itself failing, which must not end the process.
      handleWithNext(req, res).catch((error: unknown) => {
        logger.error({ err: error, method: req.method, url: req.url }, 'unhandled error in Next.js');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      return;
    }
    void answer(req, res, handler);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    server,
    // Stops taking connections and waits for the requests in flight (an event accepted
    // is answered only once it is stored), then stops Next.
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          // A keep-alive connection whose request finishes after this point would stay
          // open until its keep-alive timeout: close connections as they become idle.
          const sweep = setInterval(() => server.closeIdleConnections(), 100);
          server.close(() => {
            clearInterval(sweep);
            resolve();
          });
          server.closeIdleConnections();
        });
        await app.close();
      })()),
  };
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse, handler: Promise<RouteHandler>): Promise<void> {
  try {
    const request = await toWebRequest(req);
    const response = await (await handler)(request);
    res.statusCode = response.status;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    // The client went away mid-request: nothing to answer.
    if (req.destroyed || res.destroyed) return;
    // The handler turns its own errors into responses (api-route.ts); this is the adapter failing.
    logger.error({ err: error, method: req.method, url: req.url }, 'unhandled error in the ingest server');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.statusCode = 500;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: { code: 'internal_error', message: 'internal error' } }));
  }
}

/**
 * The Web Request a route handler takes. The body is read here, but never more than one
 * byte past the API's limit: readJsonBody then refuses it (413) as it would a stream,
 * and the rest of an oversized body is dropped as it arrives, not held. The two ingest
 * handlers read the body only through readJsonBody, which finds it beside the Request.
 */
export async function toWebRequest(req: http.IncomingMessage): Promise<Request> {
  const headers: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  const body = await readAtMost(req, MAX_BODY_BYTES + 1);
  // The body goes beside the Request, not in a stream inside it (read-json.ts).
  const request = new Request(requestUrl(req), { method: req.method, headers });
  return body.length > 0 ? withHeldBody(request, body) : request;
}

function requestUrl(req: http.IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`).toString();
  } catch {
    // A Host header that is no host: the handlers don't read the URL's origin.
    return new URL(req.url ?? '/', 'http://localhost').toString();
  }
}

// Event listeners, not `for await`: leaving that loop early destroys the request, and
// with it the socket the 413 goes out on.
function readAtMost(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onFailure).off('close', onClose);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size < limit) return;
      // Enough to know it is too large. The rest is read and dropped (no listener holds
      // it): left unread, it would stall the connection for the client's next request.
      done(Buffer.concat(chunks, size).subarray(0, limit));
      req.resume();
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onFailure = (error: Error) => done(error);
    const onClose = () => done(new Error('the client closed the request before sending all of it'));
    req.on('data', onData).on('end', onEnd).on('error', onFailure).on('close', onClose);
  });
}
