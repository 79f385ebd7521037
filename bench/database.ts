// The bench's own database on the configured Postgres: created fresh, migrated with
// Hookline's migrations, dropped at the end (also after a failure or Ctrl-C).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type BenchDatabase = { name: string; url: string; drop(): Promise<void> };

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `hookline_bench_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    drop: () => (dropped ??= admin(adminUrl, `drop database if exists ${name} with (force)`)),
  };
}

/** Postgres's version and the settings that matter most here, for the report. */
export async function postgresInfo(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `select 'version' as name, current_setting('server_version') as setting
       union all select name, current_setting(name) from pg_settings
        where name in ('shared_buffers', 'max_connections', 'synchronous_commit', 'fsync', 'wal_level')`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  } finally {
    await client.end();
  }
}

/** A plain pg client on the bench database, for the bench's own bulk SQL and polling. */
export async function benchClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // Dropping the database at the end (or on Ctrl-C) ends this connection: not an error then.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
