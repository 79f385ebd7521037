// The `hookline` command line (PRODUCT.md, "Command line"). Each command is a thin
// wrapper over one lib function; errors go to stderr with exit code 1 (2 for usage).
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { CANARY_TENANT_ID } from '@/lib/canary/canary-ids';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { db, disconnectDb } from '@/lib/db';
import { migrate } from '@/lib/db/migrate';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { createTenant } from '@/lib/tenants/create-tenant';
import { createUser } from '@/lib/users/create-user';

const USAGE = `usage: hookline <command>

  migrate                                   apply database migrations (and graphile-worker's schema)
  worker                                    run a delivery worker (run as many as you like)
  tenant create --name N [--json]           create a tenant; prints it and its first API key
  tenant list [--json]
  apikey create --tenant ID [--name N] [--json]
  apikey revoke --tenant ID --id KEY_ID
  user create --email E --password P --role operator|admin|member [--tenant ID] [--json]

Environment: DATABASE_URL, HOOKLINE_ENCRYPTION_KEY (see README).`;

class UsageError extends Error {}

const OPTIONS = {
  name: { type: 'string' },
  tenant: { type: 'string' },
  id: { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  role: { type: 'string' },
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
      // Without the system canary's tenant (lib/canary): it is Hookline's own.
      return { tenants: await db().tenant.findMany({ where: { id: { not: CANARY_TENANT_ID } }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true, createdAt: true } }) };
    case 'apikey create':
      return createApiKey(required(flags.tenant, '--tenant'), flags.name ?? 'default');
    case 'apikey revoke':
      await revokeApiKey(required(flags.tenant, '--tenant'), required(flags.id, '--id'));
      return { revoked: flags.id };
    case 'user create':
      return createUser({ email: flags.email, password: flags.password, role: flags.role, tenantId: flags.tenant });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
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
