// `npm start`: Hookline with demo data on one machine, in one command. Uses
// DATABASE_URL when set, otherwise an embedded Postgres under .data/. Migrates, seeds
// the demo tenant, builds the app if needed, runs the app, one worker and the demo
// receiver, sends a demo event and waits until it is delivered.
// For production, run the parts yourself: `hookline migrate`, `hookline serve`, `hookline worker`.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './start/embedded-postgres.ts';
import { localSecrets } from './start/local-secrets.ts';
import { buildIfStale } from './start/build-if-stale.ts';
import { workerNodeArgs } from './start/worker-node-args.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = path.resolve(ROOT, process.env.HOOKLINE_DATA_DIR ?? '.data');
const PORT = Number(process.env.PORT ?? 3000);
const RECEIVER_PORT = Number(process.env.DEMO_RECEIVER_PORT ?? 4010);
const log = (line: string) => process.stdout.write(`[hookline] ${line}\n`);

const children: ChildProcess[] = [];
let database: EmbeddedDatabase | undefined;

async function main(): Promise<void> {
  Object.assign(process.env, { NEXT_TELEMETRY_DISABLED: '1', ALLOW_PRIVATE_ENDPOINTS: process.env.ALLOW_PRIVATE_ENDPOINTS ?? '1' });
  // An empty variable counts as unset.
  for (const [name, value] of Object.entries(localSecrets(DATA_DIR))) process.env[name] ||= value;
  process.env.NEXTAUTH_URL ||= `http://localhost:${PORT}`;
  // The synthetic canary, through this app's own receiver: the operator page shows it.
  process.env.CANARY_URL ||= `http://127.0.0.1:${PORT}/api/canary/receive`;
  if (!process.env.DATABASE_URL) {
    database = await startEmbeddedPostgres(DATA_DIR, Number(process.env.HOOKLINE_PG_PORT ?? 54329), log);
    process.env.DATABASE_URL = database.url;
    log(`embedded Postgres on ${database.url.replace(/:[^:@/]+@/, ':***@')}`);
  }
  // Imported only now: these read the environment set above.
  const { migrate } = await import('@/lib/db/migrate');
  const { seedDemo, DEMO_PASSWORD, DEMO_USERS } = await import('./start/seed-demo.ts');
  const { startDemoReceiver } = await import('./start/demo-receiver.ts');
  const { signingSecrets } = await import('@/lib/endpoints/signing-secrets');
  const { createEvent } = await import('@/lib/events/create-event');
  const { db } = await import('@/lib/db');

  const { applied } = await migrate({ connectionString: process.env.DATABASE_URL });
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const receiver = await startDemoReceiver(RECEIVER_PORT, log);
  const demo = await seedDemo(DATA_DIR, `http://127.0.0.1:${RECEIVER_PORT}`);
  for (const endpoint of demo.endpoints) {
    receiver.setSecrets(endpoint.path, (await signingSecrets(endpoint.id)).map((s) => s.secret));
  }
  buildIfStale(ROOT, log);

  runWorker();
  children.push(run('app', [path.join(ROOT, 'bin/hookline.mjs'), 'serve', '--port', String(PORT)]));
  await waitForReady(`http://localhost:${PORT}/api/health/ready`);

  const { event } = await createEvent(demo.tenantId, { type: 'invoice.paid', data: { invoice: 'in_demo_1', amount: 4200, currency: 'EUR' } }, null);
  // The flaky endpoint fails twice first: its delivery succeeds after ~40 s of retries.
  const demoEndpoint = demo.endpoints.find((e) => e.path === '/webhooks/demo')!;
  const delivered = await waitUntil(async () => {
    const row = await db().delivery.findFirst({ where: { eventId: event.id, endpointId: demoEndpoint.id } });
    return row?.status === 'succeeded';
  });
  log(`demo event ${event.id} ${delivered ? 'delivered to the demo receiver' : 'not delivered yet (see the dashboard)'}; the flaky endpoint gets it after two retries`);
  log('');
  log(`Dashboard  http://localhost:${PORT}`);
  log(`  sign in  ${DEMO_USERS.admin} / ${DEMO_PASSWORD}   (also ${DEMO_USERS.member}, ${DEMO_USERS.operator})`);
  log(`API        http://localhost:${PORT}/api/v1   API key: ${demo.apiKey}`);
  log(`  try      curl -X POST http://localhost:${PORT}/api/v1/events -H 'authorization: Bearer ${demo.apiKey}' -H 'content-type: application/json' -d '{"type":"invoice.paid","data":{"amount":100}}'`);
  log('ready (Ctrl-C stops everything)');
}

// The worker is crash-only (worker/main.ts): like a supervisor would, start it again,
// after a second, when it exits with an error. Its old jobs come back after LEASE_TTL.
function runWorker(): void {
  const child = spawn(process.execPath, [...workerNodeArgs(), path.join(ROOT, 'bin/hookline.mjs'), 'worker'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    children.splice(children.indexOf(child), 1);
    if (stopping) return;
    log(`worker exited (${signal ?? code}); starting another in 1 s`);
    setTimeout(() => stopping || runWorker(), 1_000).unref();
  });
}

function run(name: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping`);
      void stop(1);
    }
  });
  return child;
}

async function waitForReady(url: string): Promise<void> {
  const ok = await waitUntil(async () => (await fetch(url).catch(() => null))?.ok === true, 60_000);
  if (!ok) throw new Error(`the app did not become ready at ${url}`);
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))))),
  );
  await database?.stop().catch(() => undefined);
  process.exit(code);
}

// embedded-postgres installs async-exit-hook, whose signal handlers stop Postgres at once
// and exit 128+n while the worker and app are still finishing: stop() does it in order.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));
main().catch(async (error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
});
