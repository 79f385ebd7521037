// SIGTERM or SIGINT: log, run `stop`, exit 0 when it is done (1 if it fails). A process
// that must not hang on a stop that never ends (a client holding a connection open)
// gives `deadlineMs`, after which it exits 0 anyway.
import { logger } from '../observability/logger.ts';

export function stopOnSignal(stop: () => Promise<unknown>, options: { message?: string; deadlineMs?: number } = {}): void {
  const shutdown = (signal: string) => {
    logger.info({ signal }, options.message ?? 'shutting down');
    if (options.deadlineMs !== undefined) setTimeout(() => process.exit(0), options.deadlineMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
