// One e2e run's settings, chosen once in Playwright's main process and handed to the web
// server, the worker and the test workers through the environment (workers inherit it).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function freePort(): number {
  const script = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

export const ADMIN_DATABASE_URL = process.env.E2E_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function runEnv() {
  const e = process.env;
  // The epoch seconds in the name let a later run drop databases an aborted run left behind.
  e.HOOKLINE_E2E_DB ??= `hookline_e2e_${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  e.HOOKLINE_E2E_PORT ??= String(freePort());
  e.HOOKLINE_E2E_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
  e.HOOKLINE_E2E_NEXTAUTH_SECRET ??= randomBytes(32).toString('base64url');
  const baseURL = `http://localhost:${e.HOOKLINE_E2E_PORT}`;
  const app: Record<string, string> = {
    DATABASE_URL: databaseUrl(e.HOOKLINE_E2E_DB),
    HOOKLINE_ENCRYPTION_KEY: e.HOOKLINE_E2E_ENCRYPTION_KEY,
    NEXTAUTH_SECRET: e.HOOKLINE_E2E_NEXTAUTH_SECRET,
    // next-auth: the same origin the browser uses (localhost, not 127.0.0.1), or its CSRF cookie is lost.
    NEXTAUTH_URL: baseURL,
    ALLOW_PRIVATE_ENDPOINTS: '1',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    LOG_LEVEL: 'warn',
    // The canary every 2 s instead of every minute, so a run lands within a test (the app
    // reads it too: how long without a run means the canary stopped).
    CANARY_INTERVAL: '2s',
  };
  // Retries in a fraction of a second instead of 10 s … 12 h, so schedules play out in a test.
  const worker: Record<string, string> = {
    ...app,
    LOG_LEVEL: 'info',
    RETRY_DELAYS: '300ms,500ms',
    RETRY_MAX_ATTEMPTS: '3',
    DELIVERY_TIMEOUT: '2s',
    WORKER_POLL_INTERVAL: '200ms',
    LEASE_HEARTBEAT: '1s',
    LEASE_TTL: '5s',
    // The breaker at its default threshold (10 failures in a row), but probing after 1–2 s
    // instead of 30 s … 10 min, so a broken endpoint's deliveries still settle in a test.
    CIRCUIT_COOLDOWN: '1s',
    CIRCUIT_MAX_COOLDOWN: '2s',
    // The synthetic canary, through the whole path to this app's receiver.
    CANARY_URL: `${baseURL}/api/canary/receive`,
  };
  return { database: e.HOOKLINE_E2E_DB, port: Number(e.HOOKLINE_E2E_PORT), baseURL, app, worker };
}
