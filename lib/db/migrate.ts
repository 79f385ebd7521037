// Applies prisma/migrations the way `prisma migrate deploy` would, without Prisma's schema
// engine (a binary download that is not possible everywhere Hookline runs), then installs
// graphile-worker's own schema. Migrations are recorded in `_prisma_migrations` exactly as
// Prisma records them, so `prisma migrate deploy` and `prisma migrate status` keep working
// on the same database wherever the engine is available.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations } from 'graphile-worker';
import pg from 'pg';

// Relative to this file, not the cwd: the CLI, the worker and tests all start elsewhere.
// Inside Next's server bundle this file lives in .next/, so there the app's cwd (the
// project root, where `hookline serve` runs) is the fallback.
const MIGRATIONS_DIR = [
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'migrations'),
  path.join(process.cwd(), 'prisma', 'migrations'),
].find((dir) => existsSync(dir)) ?? path.join(process.cwd(), 'prisma', 'migrations');

// Prisma's own advisory lock key: this and `prisma migrate deploy` also exclude each other.
const LOCK_KEY = 72707369;

// Prisma's DDL, verbatim apart from IF NOT EXISTS (we hold the lock, so no race).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface MigrateOptions {
  connectionString: string;
  logger?: MigrateLogger;
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/** Applies every pending migration, then graphile-worker's schema; safe to run concurrently. */
export async function migrate({ connectionString, logger }: MigrateOptions): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // Session-level: ending the connection releases it, even after an error.
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const history = await readHistory(client);
    const names = await migrationNames();
    for (const name of history.keys()) {
      if (!names.includes(name)) logger?.warn(`migration ${name} is applied but not in ${MIGRATIONS_DIR}`);
    }
    const applied: string[] = [];
    for (const name of names) {
      const bytes = await readFile(/*turbopackIgnore: true*/ path.join(MIGRATIONS_DIR, name, 'migration.sql'));
      const done = history.get(name);
      if (done) {
        assertUnchanged(name, bytes, done.checksum);
        continue;
      }
      logger?.info(`applying migration ${name}`);
      await applyOne(client, name, bytes);
      applied.push(name);
    }
    // Still under the lock, so concurrent callers also take turns here.
    await runMigrations({ connectionString });
    return { applied };
  } finally {
    await client.end();
  }
}

/** Names of migrations not yet applied; one round trip, for the readiness probe. */
export async function pendingMigrations(connectionString: string): Promise<string[]> {
  // Bounded: the readiness probe calls this, and a hung database must not pile up clients.
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2_000, query_timeout: 2_000 });
  await client.connect();
  try {
    const { rows } = await client
      .query<{ name: string }>(
        `SELECT migration_name AS name FROM _prisma_migrations
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
      .catch((error: unknown) => {
        // undefined_table: nothing was ever applied here.
        if ((error as { code?: string }).code === '42P01') return { rows: [] };
        throw error;
      });
    const done = new Set(rows.map((row) => row.name));
    return (await migrationNames()).filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(/*turbopackIgnore: true*/ MIGRATIONS_DIR, { withFileTypes: true });
  // Prisma applies folders in lexicographic order of their names.
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function readHistory(client: pg.Client): Promise<Map<string, HistoryRow>> {
  const { rows } = await client.query<HistoryRow>(
    'SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL',
  );
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    // Prisma's deploy refuses here too (P3009): a half-applied migration needs a human.
    throw new Error(
      `Migration ${failed.migration_name} started but never finished; fix the database, then mark it ` +
        `with \`prisma migrate resolve\` (or delete its _prisma_migrations row) before migrating again.`,
    );
  }
  return new Map(rows.map((row) => [row.migration_name, row]));
}

function assertUnchanged(name: string, bytes: Buffer, recorded: string): void {
  // Prisma also accepts the LF variant, so a CRLF checkout on Windows is not "edited".
  const lf = Buffer.from(bytes.toString('utf8').replaceAll('\r\n', '\n'));
  if (recorded === sha256(bytes) || recorded === sha256(lf)) return;
  throw new Error(
    `Migration ${name} was edited after it was applied (checksum ${sha256(bytes)} on disk, ` +
      `${recorded} in _prisma_migrations). Restore the file and put the change in a new migration.`,
  );
}

async function applyOne(client: pg.Client, name: string, bytes: Buffer): Promise<void> {
  // One transaction per migration (Prisma uses none): a failure leaves no trace to resolve.
  await client.query('BEGIN');
  try {
    const id = randomUUID();
    await client.query(
      'INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)',
      [id, sha256(bytes), name],
    );
    await client.query(bytes.toString('utf8'));
    await client.query(
      'UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`Migration ${name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
