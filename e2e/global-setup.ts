// Runs after the web servers are up (Playwright starts those first): seeds the run's
// database and hands the seed to the tests through the environment. Its teardown drops
// the database.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ADMIN_DATABASE_URL, runEnv } from './support/run-env.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const run = runEnv();
  const seed = execFileSync(process.execPath, ['--import', 'tsx', 'e2e/support/seed.ts'], {
    cwd: root,
    env: { ...process.env, ...run.app, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  process.env.HOOKLINE_E2E_SEED = seed;
  return async () => {
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists "${run.database}" with (force)`);
    await admin.end();
  };
}
