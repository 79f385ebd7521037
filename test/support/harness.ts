// One integration context per test file: a cloned database, the environment pointed
// at it (fast retry schedule, loopback endpoints allowed), and helpers to make tenants.
import { randomBytes } from 'node:crypto';
import { disconnectDb } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { createTenant } from '@/lib/tenants/create-tenant';
import { apiClient } from './api.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

// Retries every 200–300 ms instead of 10 s … 12 h, so schedules play out in a test.
export const TEST_ENV = {
  HOOKLINE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ALLOW_PRIVATE_ENDPOINTS: '1',
  RETRY_DELAYS: '200ms,300ms',
  RETRY_JITTER: '0',
  RETRY_MAX_ATTEMPTS: '5',
  DELIVERY_TIMEOUT: '1s',
  LEASE_HEARTBEAT: '500ms',
  LEASE_TTL: '3s',
  WORKER_POLL_INTERVAL: '200ms',
  WORKER_CONCURRENCY: '8',
  // The breaker at its default threshold (10 in a row), probing within a test's time.
  CIRCUIT_COOLDOWN: '500ms',
  CIRCUIT_MAX_COOLDOWN: '2s',
  // The retention cron (hourly at minute 7 by default) would drop a job and a run of its
  // own into whichever tests run at that minute; one CI run's retention test counted it.
  // 00:00 UTC on 29 February instead: test/integration/retention.test.ts runs the task itself.
  RETENTION_SCHEDULE: '0 0 29 2 *',
} as const;

export type Harness = {
  database: TestDatabase;
  env: Record<string, string>;
  newTenant(name?: string): Promise<{ id: string; apiKey: string; api: ReturnType<typeof apiClient> }>;
  close(): Promise<void>;
};

export async function startHarness(overrides: Record<string, string> = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const env = { ...TEST_ENV, DATABASE_URL: database.url, ...overrides };
  Object.assign(process.env, env);
  resetEnvForTests();
  return {
    database,
    env,
    async newTenant(name = 'Acme') {
      const { tenant, apiKey } = await createTenant({ name });
      return { id: tenant.id, apiKey, api: apiClient(apiKey) };
    },
    async close() {
      await disconnectDb();
      await database.drop();
    },
  };
}
