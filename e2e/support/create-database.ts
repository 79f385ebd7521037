// Run by the web server command before `hookline serve`: a fresh, migrated database for this
// run (Playwright starts web servers before globalSetup, and the worker needs the schema).
// Also drops databases of e2e runs older than 6 hours that were aborted before teardown.
import pg from 'pg';
import { migrate } from '../../lib/db/migrate.ts';
import { ADMIN_DATABASE_URL, databaseUrl } from './run-env.ts';

const STALE_SECONDS = 6 * 3600;

async function main() {
  const name = process.env.HOOKLINE_E2E_DB;
  if (!name || !/^hookline_e2e_\w+$/.test(name)) throw new Error('HOOKLINE_E2E_DB is not set; run through playwright.config.ts');
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'hookline\\_e2e\\_%'");
    const now = Math.floor(Date.now() / 1000);
    for (const { datname } of rows) {
      const started = Number(/^hookline_e2e_(\d+)_/.exec(datname)?.[1]);
      if (started && now - started > STALE_SECONDS) await admin.query(`drop database if exists "${datname}" with (force)`);
    }
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  await migrate({ connectionString: databaseUrl(name) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
