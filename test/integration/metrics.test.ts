// Metrics: both endpoints (the app's GET /api/metrics and the worker's /metrics on
// WORKER_METRICS_PORT, over real HTTP) scraped before and after a few deliveries, one of
// them failing; the counters and histograms move by exactly what happened, and the
// database-wide gauges read what the database holds. METRICS_TOKEN guards both.
//
// In-process, app and worker share one registry: each scrape is checked for the metrics
// its own process produces in production (API on the app, attempts on the worker).
import { afterAll, describe, expect, it } from 'vitest';
import { GET as appMetrics } from '@/app/api/metrics/route';
import { db } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { resetDatabaseGaugesForTests } from '@/lib/observability/database-gauges';
import { settled, workerSuite } from '../support/deliveries.ts';
import { freePort } from '../support/free-port.ts';
import { waitFor } from '../support/wait-for.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
const port = await freePort();
// The failing endpoint's circuit opens after 3 failures; its last 2 attempts are probes.
const suite = workerSuite({ WORKER_METRICS_PORT: String(port), METRICS_TOKEN: TOKEN, CIRCUIT_FAILURE_THRESHOLD: '3' });

// --- a small Prometheus text parser: "name{a="x",b="y"} value" → one number per series
type Samples = Map<string, number>;

function seriesKey(name: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return `${name}{${pairs.map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}

function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    samples.set(seriesKey(m[1]!, labels), Number(m[3]));
  }
  return samples;
}

const value = (samples: Samples, name: string, labels: Record<string, string> = {}) => samples.get(seriesKey(name, labels)) ?? 0;

function scrapeWorker(authorization: string | null = `Bearer ${TOKEN}`) {
  return fetch(`http://127.0.0.1:${port}/metrics`, { headers: authorization ? { authorization } : {} });
}

function scrapeApp(authorization: string | null = `Bearer ${TOKEN}`) {
  return appMetrics(new Request('http://localhost/api/metrics', { headers: authorization ? { authorization } : {} }));
}

/** Both scrapes, with the database-wide gauges read afresh (they are cached for 5 s). */
async function scrapeBoth(): Promise<{ app: Samples; worker: Samples }> {
  resetDatabaseGaugesForTests();
  const [app, worker] = await Promise.all([scrapeApp(), scrapeWorker()]);
  expect([app.status, worker.status]).toEqual([200, 200]);
  expect(app.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return { app: parse(await app.text()), worker: parse(await worker.text()) };
}

const GAUGES = ['hookline_queue_ready_jobs', 'hookline_queue_oldest_ready_age_seconds', 'hookline_circuits_open', 'hookline_endpoints_disabled'];
const STUCK_JOB_KEY = 'metrics-test-stuck';

afterAll(async () => {
  await db().$executeRaw`select graphile_worker.remove_job(${STUCK_JOB_KEY})`.catch(() => undefined);
});

describe('metrics', () => {
  it('count ingest, attempts by outcome and status class, durations and accepted-to-delivered latency; gauges read the database', async () => {
    const before = await scrapeBoth();
    for (const samples of [before.app, before.worker]) for (const gauge of GAUGES) expect(value(samples, gauge), gauge).toBe(0);

    const ok = await suite.receivers.start(() => ({ status: 200 }));
    const broken = await suite.receivers.start(() => ({ status: 500 }));
    const healthy = await suite.harness.newTenant('Healthy');
    const failing = await suite.harness.newTenant('Failing');
    const quiet = await suite.harness.newTenant('Quiet');
    await healthy.api('POST', '/api/v1/endpoints', { body: { url: ok.url } });
    await failing.api('POST', '/api/v1/endpoints', { body: { url: broken.url } });
    const off = await quiet.api('POST', '/api/v1/endpoints', { body: { url: ok.url } });
    expect((await quiet.api('PATCH', `/api/v1/endpoints/${off.body.id}`, { body: { disabled: true } })).status).toBe(200);

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await healthy.api('POST', '/api/v1/events', { body: { type: 'order.created', data: { i } } })).body.id);
    const failingId = (await failing.api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } })).body.id as string;
    // An ingest error: counted as a 400 on the route, not as an accepted event.
    expect((await healthy.api('POST', '/api/v1/events', { body: { type: '' } })).status).toBe(400);

    for (const id of ids) expect((await settled(id)).status).toBe('succeeded');
    const failed = await settled(failingId);
    expect(failed.status).toBe('failed');
    expect(failed.attemptCount).toBe(5); // RETRY_MAX_ATTEMPTS in the test environment
    // A job due for a minute that no worker takes (no worker runs its task): queue depth 1, lag ≥ 60 s.
    await db().$executeRaw`select graphile_worker.add_job('metrics_test_stuck', '{}'::json, run_at := now() - interval '60 seconds', job_key := ${STUCK_JOB_KEY})`;

    // The latency is observed just after the success commits: wait for the scrape to show it.
    await waitFor(async () => value((await scrapeBoth()).worker, 'hookline_delivery_latency_seconds_count') - value(before.worker, 'hookline_delivery_latency_seconds_count') >= 3, {
      what: 'the third delivery to be observed',
    });
    const after = await scrapeBoth();
    const delta = (side: 'app' | 'worker', name: string, labels: Record<string, string> = {}) => value(after[side], name, labels) - value(before[side], name, labels);

    // App: ingest rate, errors, duration.
    expect(delta('app', 'hookline_events_accepted_total')).toBe(4);
    expect(delta('app', 'hookline_http_requests_total', { method: 'POST', route: '/v1/events', status: '202' })).toBe(4);
    expect(delta('app', 'hookline_http_requests_total', { method: 'POST', route: '/v1/events', status: '400' })).toBe(1);
    expect(delta('app', 'hookline_http_request_duration_seconds_count', { method: 'POST', route: '/v1/events' })).toBe(5);
    expect(delta('app', 'hookline_http_request_duration_seconds_bucket', { method: 'POST', route: '/v1/events', le: '+Inf' })).toBe(5);

    // Worker: 3 successes, 5 failed attempts (3, then 2 probes through the open circuit).
    expect(delta('worker', 'hookline_delivery_attempts_total', { outcome: 'succeeded', status_class: '2xx' })).toBe(3);
    expect(delta('worker', 'hookline_delivery_attempts_total', { outcome: 'http_status', status_class: '5xx' })).toBe(5);
    expect([...after.worker.keys()].filter((k) => k.startsWith('hookline_delivery_attempts_total{'))).toHaveLength(2);
    expect(delta('worker', 'hookline_delivery_attempt_duration_seconds_count')).toBe(8);
    expect(delta('worker', 'hookline_delivery_attempt_duration_seconds_bucket', { le: '+Inf' })).toBe(8);
    expect(delta('worker', 'hookline_delivery_attempt_duration_seconds_sum')).toBeGreaterThan(0);
    // Accepted-to-delivered: one observation per delivered event, none for the failed one.
    expect(delta('worker', 'hookline_delivery_latency_seconds_count')).toBe(3);
    expect(delta('worker', 'hookline_delivery_latency_seconds_bucket', { le: '+Inf' })).toBe(3);
    expect(delta('worker', 'hookline_delivery_latency_seconds_sum')).toBeGreaterThan(0);

    // Database-wide gauges, the same from either process.
    for (const samples of [after.app, after.worker]) {
      expect(value(samples, 'hookline_queue_ready_jobs')).toBe(1);
      expect(value(samples, 'hookline_queue_oldest_ready_age_seconds')).toBeGreaterThanOrEqual(60);
      expect(value(samples, 'hookline_circuits_open')).toBe(1);
      expect(value(samples, 'hookline_endpoints_disabled')).toBe(1);
    }
  });

  it('require METRICS_TOKEN on both endpoints when it is set', async () => {
    for (const authorization of [null, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const [app, worker] = [await scrapeApp(authorization), await scrapeWorker(authorization)];
      expect([app.status, worker.status], String(authorization)).toEqual([401, 401]);
      expect(app.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await app.json()).toMatchObject({ error: { code: 'unauthorized' } });
      expect(await worker.text()).not.toContain('hookline_');
    }
    const [app, worker] = [await scrapeApp(), await scrapeWorker()];
    expect([app.status, worker.status]).toEqual([200, 200]);
    expect(await worker.text()).toContain('hookline_delivery_attempts_total');
    // The worker's health route stays open to probes without the token.
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
  });

  it('are open without METRICS_TOKEN', async () => {
    const saved = process.env.METRICS_TOKEN;
    delete process.env.METRICS_TOKEN;
    resetEnvForTests();
    try {
      const [app, worker] = [await scrapeApp(null), await scrapeWorker(null)];
      expect([app.status, worker.status]).toEqual([200, 200]);
    } finally {
      process.env.METRICS_TOKEN = saved;
      resetEnvForTests();
    }
  });
});
