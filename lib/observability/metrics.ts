// Prometheus metrics (prom-client). One registry per process: GET /api/metrics serves
// the app's, each worker serves its own on WORKER_METRICS_PORT (./metrics-server.ts).
//
// - API (app): requests by route and status (rate, errors), their duration, events accepted.
// - Deliveries (worker): attempts by outcome and status class, attempt duration, and the
//   latency from an event's acceptance to its successful delivery.
// - Database-wide gauges (both; ./database-gauges.ts): ready jobs, the oldest one's
//   age, circuits open, endpoints disabled.
import client from 'prom-client';
import { databaseGauges, type DatabaseGauges } from './database-gauges.ts';

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
  const eventsAccepted = new client.Counter({
    name: 'hookline_events_accepted_total',
    help: 'Events accepted by the API (idempotent replays not counted)',
    registers: [registry],
  });
  const attempts = new client.Counter({
    name: 'hookline_delivery_attempts_total',
    help: 'Delivery attempts by outcome (succeeded, or the error class) and response status class (2xx … 5xx, none: no response)',
    labelNames: ['outcome', 'status_class'] as const,
    registers: [registry],
  });
  const attemptDuration = new client.Histogram({
    name: 'hookline_delivery_attempt_duration_seconds',
    help: 'Time from sending a webhook to its response (or failure)',
    // Up to DELIVERY_TIMEOUT's default (15 s) and beyond.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
    registers: [registry],
  });
  const deliveryLatency = new client.Histogram({
    name: 'hookline_delivery_latency_seconds',
    help: 'From the event being accepted to its delivery succeeding, retries included (first success of each delivery)',
    // Sub-second when healthy; retries stretch it over PRODUCT.md's schedule (10 s … 3 days).
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 86_400, 3 * 86_400],
    registers: [registry],
  });
  databaseGauge(registry, 'hookline_queue_ready_jobs', 'Delivery jobs due and not yet taken by a worker (counted up to QUEUE_MAX_READY); database-wide', (g) => g.readyJobs);
  databaseGauge(registry, 'hookline_queue_oldest_ready_age_seconds', 'How long the oldest due, untaken job has been due (0 when none is); database-wide', (g) => g.oldestReadyAgeSeconds);
  databaseGauge(registry, 'hookline_circuits_open', 'Enabled endpoints whose circuit breaker is open or probing; database-wide', (g) => g.circuitsOpen);
  databaseGauge(registry, 'hookline_endpoints_disabled', 'Endpoints disabled (by a user, after failing too long, or on 410 Gone); database-wide', (g) => g.endpointsDisabled);
  return { registry, httpRequests, httpDuration, eventsAccepted, attempts, attemptDuration, deliveryLatency };
}

// Read at scrape time. NaN when the database can't be read: unknown, not zero.
function databaseGauge(registry: client.Registry, name: string, help: string, pick: (g: DatabaseGauges) => number) {
  return new client.Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const gauges = await databaseGauges();
      this.set(gauges ? pick(gauges) : Number.NaN);
    },
  });
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

export function recordAttemptMetrics(result: { ok: boolean; errorClass: string | null; statusCode: number | null; durationMs: number }): void {
  const m = metrics();
  m.attempts.inc({ outcome: result.ok ? 'succeeded' : (result.errorClass ?? 'failed'), status_class: statusClass(result.statusCode) });
  m.attemptDuration.observe(result.durationMs / 1000);
}

/** A delivery succeeded for the first time; `acceptedAt` is its (and its event's) creation. */
export function recordDelivered(acceptedAt: Date): void {
  metrics().deliveryLatency.observe(Math.max(0, Date.now() - acceptedAt.getTime()) / 1000);
}

/** '2xx' … '5xx', or 'none' when no response came (timeout, connection error). */
export function statusClass(statusCode: number | null): string {
  if (statusCode === null || statusCode < 100 || statusCode > 599) return 'none';
  return `${Math.floor(statusCode / 100)}xx`;
}
