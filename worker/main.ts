// `hookline worker` / `tsx worker/main.ts`: run one delivery worker until SIGTERM/SIGINT.
import { env } from '@/lib/env';
import { logger } from '@/lib/observability/logger';
import { startWorker } from './start-worker.ts';

export async function main(): Promise<void> {
  env(); // a bad variable stops the process here, naming it
  const worker = await startWorker();
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await worker.runner.promise;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
