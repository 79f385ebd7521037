import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ['lib/**/*.test.ts', 'test/**/*.test.ts', 'worker/**/*.test.ts', 'app/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Integration files each get their own database cloned from a template; two at once
    // keeps both cores busy without starving the receivers' event loops.
    maxWorkers: 2,
    // Quiet logs; TEST_LOG_LEVEL=info shows them.
    env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
