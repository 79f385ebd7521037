// End-to-end: the real app (`hookline serve`, built beforehand by `npm test`), a real worker,
// a fresh Postgres database per run and receivers on 127.0.0.1, driven in Debian's Chromium.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { runEnv } from './e2e/support/run-env.ts';

const run = runEnv();
const chromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Two cores: one browser at a time, next and the worker use the rest.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: run.baseURL,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: [
    {
      name: 'app',
      // The database first: the worker below needs its schema, and globalSetup runs after web servers.
      command: `node --import tsx e2e/support/create-database.ts && exec node bin/hookline.mjs serve --port ${run.port}`,
      url: `${run.baseURL}/api/health/ready`,
      env: run.app,
      timeout: 90_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
    },
    {
      name: 'worker',
      command: 'mkdir -p test-results && exec node bin/hookline.mjs worker 2> test-results/e2e-worker.log',
      env: run.worker,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 3_000 },
    },
  ],
});
