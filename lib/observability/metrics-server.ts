// The worker's own small HTTP server (WORKER_METRICS_PORT): /metrics for Prometheus
// (Bearer METRICS_TOKEN when set) and /health/live for the orchestrator, plus the JSON
// routes its caller adds. The app serves these under /api instead.
import { createServer, type Server } from 'node:http';
import { METRICS_UNAUTHORIZED, metricsAuthorized } from './metrics-auth.ts';
import { metrics } from './metrics.ts';

/** A JSON route of the worker's server beside /metrics, e.g. /health/ready. */
export type JsonRoute = () => Promise<{ status: number; body: unknown }>;

export async function startMetricsServer(port: number, host = '0.0.0.0', routes: Record<string, JsonRoute> = {}): Promise<Server> {
  const server = createServer((req, res) => {
    const route = req.url ? routes[req.url] : undefined;
    if (route) {
      route().then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    if (req.url === '/metrics') {
      if (!metricsAuthorized(req.headers.authorization)) {
        res.writeHead(METRICS_UNAUTHORIZED.status, METRICS_UNAUTHORIZED.headers);
        res.end(METRICS_UNAUTHORIZED.body);
        return;
      }
      const { registry } = metrics();
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    if (req.url === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
