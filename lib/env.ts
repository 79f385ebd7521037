// The one environment module, shared by the app, the worker and the command line.
// Parsed on first use (not at import: `next build` imports route modules without a
// database); each process calls env() at start-up so a bad variable stops it at once.
import { z } from 'zod';
import { parseDuration, parseDurationList } from './config/duration.ts';
import { parseDnsServers } from './net/parse-dns-servers.ts';
import { canaryIntervalAllowed } from './canary/canary-schedule.ts';
// graphile-worker's own cron parser (the one its runner uses), without the rest of the library.
import { createCronMatcher } from 'graphile-worker/dist/cronMatcher.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .default('0')
  .transform((value) => value === '1' || value === 'true');

export const ZEnv = z.object({
  DATABASE_URL: z.string().min(1, 'set DATABASE_URL to a postgres:// connection string'),
  // 32 random bytes, base64: encrypts endpoint secrets at rest (AES-256-GCM).
  HOOKLINE_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Lets endpoints on loopback and private networks through (local development, tests).
  ALLOW_PRIVATE_ENDPOINTS: flag,
  // DNS servers for endpoint hostnames, "ip:port,…" (e.g. 1.1.1.1:53,[2606:4700:4700::1111]:53),
  // asked at registration and at delivery instead of the system resolver: point webhook
  // egress at a public resolver so the internal split-horizon DNS's names stay unreachable.
  DNS_RESOLVER: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text?.trim()) return undefined;
      try {
        return parseDnsServers(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  // 15 s: Standard Webhooks suggests 15–30 s; Svix uses 15 s.
  DELIVERY_TIMEOUT: duration('15s'),
  // Delays before attempt 2, 3, …; the last one repeats. PRODUCT.md's schedule.
  RETRY_DELAYS: z
    .string()
    .default('10s,30s,1m,2m,5m,10m,30m,1h,2h,4h,8h,12h')
    .transform((text, ctx) => {
      try {
        const delays = parseDurationList(text);
        if (delays.length > 0) return delays;
        ctx.addIssue({ code: 'custom', message: 'give at least one delay, e.g. 10s,30s,1m' });
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
      return z.NEVER;
    }),
  RETRY_JITTER: z.coerce.number().min(0).max(1).default(0.2),
  RETRY_MAX_INTERVAL: duration('12h'),
  RETRY_MAX_AGE: duration('3d'),
  RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
  // An endpoint failing this long with no success is disabled.
  ENDPOINT_DISABLE_AFTER: duration('5d'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  // Attempts one worker makes to one endpoint at once; default WORKER_CONCURRENCY / 4.
  ENDPOINT_CONCURRENCY: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(1000).optional()),
  // How long a job waits when its endpoint is at that cap (jittered ±50 %).
  ENDPOINT_BUSY_DELAY: duration('1s'),
  // A worker heartbeats every LEASE_HEARTBEAT; one silent for LEASE_TTL is presumed dead.
  LEASE_HEARTBEAT: duration('5s'),
  LEASE_TTL: duration('30s'),
  // When set, each worker serves /metrics and /health/live on this port.
  WORKER_METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  // When set, /api/metrics and the worker's /metrics require `Authorization: Bearer <token>` (401 otherwise).
  METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'use at least 16 characters (openssl rand -hex 32)').optional()),
  // On SIGTERM, attempts in flight get this long to finish before they are cut short
  // (recorded as worker_shutdown and made again at once by another worker).
  WORKER_SHUTDOWN_GRACE: duration('5s'),
  // How often an idle worker polls (LISTEN/NOTIFY wakes it sooner for new jobs).
  WORKER_POLL_INTERVAL: duration('2s'),
  // Slots of each worker that only first attempts (and manual retries) may use, so a
  // backlog of automatic retries cannot starve fresh events; default WORKER_CONCURRENCY / 4.
  // The other slots take both. 0 turns the reservation off.
  FIRST_ATTEMPT_CONCURRENCY: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(1000).optional()),
  // Circuit breaker: after this many failed attempts in a row an endpoint's deliveries are
  // held (no attempts) for CIRCUIT_COOLDOWN, then one probe attempt is let through; each
  // failed probe doubles the wait up to CIRCUIT_MAX_COOLDOWN, a success closes it. 0 = off.
  CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().min(0).max(100_000).default(10),
  CIRCUIT_COOLDOWN: duration('30s'),
  CIRCUIT_MAX_COOLDOWN: duration('10m'),
  // Backpressure: ingest answers 503 queue_full (Retry-After) while more deliveries
  // than this are due in jobs not yet taken, instead of letting the queue grow without bound.
  QUEUE_MAX_READY: z.coerce.number().int().min(1).default(200_000),
  // No SQL statement from the app or the worker runs longer than this (migrations excepted).
  DATABASE_STATEMENT_TIMEOUT: duration('30s'),
  // The synthetic canary (lib/canary): where the worker sends it, the app's
  // /api/canary/receive as the workers reach it (e.g. http://hookline-app:3000/api/canary/receive).
  // Unset: no canary runs. The canary endpoint alone may be on a private address.
  CANARY_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:3000/api/canary/receive' }).optional(),
  ),
  // How often the canary runs: under a minute (tests), or whole minutes that divide an
  // hour (graphile-worker's cron is minute-granular). Give the app and the workers the same.
  CANARY_INTERVAL: duration('1m').refine(canaryIntervalAllowed, 'use 200ms…59s, or 1m, 2m, 3m, 4m, 5m, 6m, 10m, 12m, 15m, 20m, 30m or 60m'),
  // Retention (lib/retention): event payloads and attempt response bodies older than this
  // are removed by the purge_retention task (RETENTION_SCHEDULE); 0 or off keeps them forever (null).
  RETENTION_PERIOD: z
    .string()
    .default('30d')
    .transform((text, ctx) => {
      if (/^\s*off\s*$/i.test(text)) return null;
      try {
        return parseDuration(text) || null;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${(error as Error).message}, or 0/off to keep everything` });
        return z.NEVER;
      }
    }),
  // When the workers run it: a crontab time pattern (minute hour date month weekday, UTC),
  // by default hourly at minute 7, away from the top of the hour.
  RETENTION_SCHEDULE: z
    .string()
    .trim()
    .default('7 * * * *')
    .superRefine((pattern, ctx) => {
      try {
        createCronMatcher(pattern, 'RETENTION_SCHEDULE');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${(error as Error).message}; use five crontab fields (minute hour date month weekday, UTC), e.g. "7 * * * *" or "30 3 * * *"` });
      }
    }),
  // Rows per purge batch: each batch is its own short transaction.
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
});

const ZEnvChecked = ZEnv.refine((e) => e.LEASE_TTL >= 2 * e.LEASE_HEARTBEAT, {
  path: ['LEASE_TTL'],
  message: 'must be at least twice LEASE_HEARTBEAT, or live workers would reap each other',
}).refine((e) => e.DELIVERY_TIMEOUT >= 100, { path: ['DELIVERY_TIMEOUT'], message: 'must be at least 100ms' });

export type Env = z.infer<typeof ZEnv>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = ZEnvChecked.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change variables between cases; production never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}
