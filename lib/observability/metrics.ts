// Prometheus metrics (prom-client): RED for the API (rate, errors, duration by route)
// and for deliveries (attempts by outcome, attempt latency). One registry per process;
// GET /api/metrics serves the app's, the worker serves its own on WORKER_METRICS_PORT.
import client from 'prom-client';

const holder = globalThis as unknown as { __hooklineMetrics?: ReturnType<typeof createMetrics> };

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpRequests = new client.Counter({
    name: 'hookline_http_requests_total',
    help: 'API requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: 'hookline_http_request_duration_seconds',
    help: 'API request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const attempts = new client.Counter({
    name: 'hookline_delivery_attempts_total',
    help: 'Delivery attempts by outcome (succeeded, or the error class)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const attemptDuration = new client.Histogram({
    name: 'hookline_delivery_attempt_duration_seconds',
    help: 'Time from sending a webhook to its response (or failure)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers: [registry],
  });
  const eventsAccepted = new client.Counter({
    name: 'hookline_events_accepted_total',
    help: 'Events accepted by the API',
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration, attempts, attemptDuration, eventsAccepted };
}

export function metrics() {
  holder.__hooklineMetrics ??= createMetrics();
  return holder.__hooklineMetrics;
}

export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  const m = metrics();
  m.httpRequests.inc({ method, route, status: String(status) });
  m.httpDuration.observe({ method, route }, seconds);
}
