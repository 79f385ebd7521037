// Builds the template database every test file clones: migrated once per run by the real
// migrate(), so the tests exercise the same path production start-up takes.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrate } from '@/lib/db/migrate.ts';
import { databaseUrl, dropDatabase, quoteIdent, withAdmin } from './support/database.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Random, so concurrent runs (several engineers, one server) never share a template.
  const template = `hookline_tpl_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${quoteIdent(template)} TEMPLATE template0`));
  try {
    await migrate({ connectionString: databaseUrl(template) });
    // No connections allowed: a stray one would make every CREATE DATABASE … TEMPLATE fail.
    await withAdmin((admin) =>
      admin.query(`ALTER DATABASE ${quoteIdent(template)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`),
    );
  } catch (error) {
    await dropDatabase(template);
    throw error;
  }
  project.provide('templateDatabase', template);

  return async function teardown() {
    const { rows } = await withAdmin((admin) =>
      admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
        `${template}_`,
      ]),
    );
    for (const { datname } of rows) await dropDatabase(datname);
    // A template cannot be dropped until it is an ordinary database again.
    await withAdmin((admin) => admin.query(`ALTER DATABASE ${quoteIdent(template)} WITH IS_TEMPLATE false`));
    await dropDatabase(template);
  };
}
