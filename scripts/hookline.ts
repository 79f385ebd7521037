// The `hookline` command line (PRODUCT.md, "Command line"). Each command is a thin
// wrapper over one lib function; errors go to stderr with exit code 1 (2 for usage).
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { db, disconnectDb } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { purgeRetention } from '@/lib/retention/purge-retention';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { createTenant } from '@/lib/tenants/create-tenant';
import { SYSTEM_TENANT_IDS } from '@/lib/tenants/system-tenants';
import { createUser } from '@/lib/users/create-user';

const USAGE = `usage: hookline <command>

  migrate                                   apply database migrations (and graphile-worker's schema)
  serve [--port N] [--hostname H]           run the API and dashboard (after next build); port: PORT, else 3000
  worker                                    run a delivery worker (run as many as you like)
  tenant create --name N [--json]           create a tenant; prints it and its first API key
  tenant list [--json]
  apikey create --tenant ID [--name N] [--json]
  apikey revoke --tenant ID --id KEY_ID
  user create --email E --password P --role operator|admin|member [--tenant ID] [--json]
  purge [--json]                            remove payloads and bodies older than RETENTION_PERIOD now (workers do it hourly)

Environment: DATABASE_URL, HOOKLINE_ENCRYPTION_KEY (see README).`;

class UsageError extends Error {}

const OPTIONS = {
  name: { type: 'string' },
  tenant: { type: 'string' },
  id: { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  role: { type: 'string' },
  port: { type: 'string' },
  hostname: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Flags = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

async function run(command: string, flags: Flags): Promise<unknown> {
  switch (command) {
    case 'migrate': {
      const { applied } = await migrate({ connectionString: env().DATABASE_URL });
      return { applied, message: applied.length ? `applied ${applied.join(', ')}` : 'database is up to date' };
    }
    case 'tenant create':
      return createTenant({ name: flags.name });
    case 'tenant list':
      // Without Hookline's own tenants (the canary's, the operator's).
      return { tenants: await db().tenant.findMany({ where: { id: { notIn: [...SYSTEM_TENANT_IDS] } }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true, createdAt: true } }) };
    case 'apikey create':
      return createApiKey(required(flags.tenant, '--tenant'), flags.name ?? 'default');
    case 'apikey revoke':
      await revokeApiKey(required(flags.tenant, '--tenant'), required(flags.id, '--id'));
      return { revoked: flags.id };
    case 'user create':
      return createUser({ email: flags.email, password: flags.password, role: flags.role, tenantId: flags.tenant });
    case 'purge':
      return purgeNow();
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function purgeNow() {
  const { RETENTION_PERIOD, RETENTION_BATCH_SIZE } = env();
  if (RETENTION_PERIOD === null) return { run: null, message: 'retention is off (RETENTION_PERIOD=0): nothing purged' };
  const run = await purgeRetention({ periodMs: RETENTION_PERIOD, batchSize: RETENTION_BATCH_SIZE });
  return { run, message: `purged ${run.eventsPurged} event payloads and ${run.attemptsPurged} attempt bodies from before ${run.cutoff}` };
}

// The app: `next start` plus the ingest routes answered without Next's pipeline
// (lib/http/app-server.ts). Runs until SIGTERM/SIGINT, then finishes the requests in flight.
async function serve(flags: Flags): Promise<void> {
  const port = Number(flags.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${flags.port ?? process.env.PORT}"`, 2);
  // As `next start` does: the production build runs as production unless told otherwise.
  (process.env as Record<string, string | undefined>).NODE_ENV ||= 'production';
  try {
    env(); // a bad variable stops the process here, naming it
  } catch (error) {
    fail(describe(error), 1);
  }
  const { initTracing } = await import('@/lib/observability/tracing');
  const { logger } = await import('@/lib/observability/logger');
  const { startAppServer } = await import('@/lib/http/app-server');
  const { stopOnSignal } = await import('@/lib/util/stop-on-signal');
  initTracing('hookline-app');
  const app = await startAppServer({ port, hostname: flags.hostname });
  logger.info({ url: app.url }, 'app listening');
  // Requests that never finish (a client holding a connection) don't keep it up past 10 s.
  stopOnSignal(async () => {
    await app.close();
    await disconnectDb();
  }, { message: 'shutting down: finishing the requests in flight', deadlineMs: 10_000 });
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

export async function main(argv: string[]): Promise<void> {
  let flags: Flags;
  let positionals: string[];
  try {
    ({ values: flags, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  const command = positionals.join(' ');
  if (flags.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'worker') {
    const { main: runWorker } = await import('../worker/main.ts');
    return runWorker();
  }
  if (command === 'serve') return serve(flags);
  try {
    env();
    const result = await run(command, flags);
    process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : human(result));
  } catch (error) {
    fail(describe(error), error instanceof UsageError ? 2 : 1);
  } finally {
    await disconnectDb();
  }
}

function describe(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}\n\n${USAGE}`;
  if (error instanceof ZodError) return error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n');
  if (error instanceof AppError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function human(result: unknown): string {
  if (result && typeof result === 'object' && 'message' in result) return `${String(result.message)}\n`;
  return `${JSON.stringify(result, null, 2)}\n`;
}

function fail(message: string, code: number): never {
  process.stderr.write(`hookline: ${message}\n`);
  process.exit(code);
}
