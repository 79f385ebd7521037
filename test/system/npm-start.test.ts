// `npm start` with no DATABASE_URL: an embedded Postgres comes up under a fresh data
// directory, the app and a worker start, and the demo event is delivered to the demo
// receiver — checked here through the public API over real HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startChild, type Child } from '../support/processes.ts';
import { waitFor } from '../support/wait-for.ts';
import { freePort } from '../support/free-port.ts';

let child: Child | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'hookline-start-'));

afterAll(async () => {
  if (child && child.process.exitCode === null) {
    child.process.kill('SIGTERM');
    await child.exited;
  }
  // As root with a 700 data dir, the cluster went to the temp dir instead (embedded-postgres.ts).
  const moved = /keeping the database in (\S+)/.exec(child?.output() ?? '');
  if (moved) rmSync(moved[1]!, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

it('starts from nothing with an embedded Postgres and delivers the demo event', async () => {
  const [port, receiverPort, pgPort] = [await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    DATABASE_URL: '',
    HOOKLINE_ENCRYPTION_KEY: '',
    NEXTAUTH_SECRET: '',
    HOOKLINE_DATA_DIR: dataDir,
    PORT: String(port),
    DEMO_RECEIVER_PORT: String(receiverPort),
    HOOKLINE_PG_PORT: String(pgPort),
    LOG_LEVEL: 'warn',
  };
  const child_ = startChild(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], env);
  child = child_;
  const banner = await waitFor(
    () => {
      if (child_.process.exitCode !== null) throw new Error(`npm start exited with ${child_.process.exitCode}:\n${child_.output()}`);
      return /demo event (msg_\w+) delivered to the demo receiver[\s\S]*API key: (hl_\S+)[\s\S]*ready/.exec(child_.output());
    },
    { timeoutMs: 240_000, intervalMs: 250, what: 'npm start to print its ready banner' },
  );
  const [, eventId, apiKey] = banner;
  expect(child_.output()).toContain('initialising an embedded Postgres');

  const response = await fetch(`http://localhost:${port}/api/v1/events/${eventId}`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(response.status).toBe(200);
  const event = await response.json();
  expect(event.type).toBe('invoice.paid');
  expect(event.deliveries.some((d: { status: string }) => d.status === 'succeeded')).toBe(true);
  const ready = await fetch(`http://localhost:${port}/api/health/ready`);
  expect(await ready.json()).toMatchObject({ status: 'ok', database: 'ok', pendingMigrations: [] });

  child_.process.kill('SIGTERM');
  expect(await child_.exited).toBe(0);
}, 300_000);
