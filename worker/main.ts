// `hookline worker` / `tsx worker/main.ts`: run one delivery worker until SIGTERM/SIGINT.
//
// Crash-only: when the database drops a connection while graphile-worker is completing
// or failing jobs, it aborts its pool ("queue is in an inconsistent state"). This process
// then exits 1 and its supervisor (systemd, Kubernetes, `npm start`) starts a fresh one;
// the dead process's jobs are released by the lease after LEASE_TTL, so nothing is lost.
import { env } from '@/lib/env';
import { logger } from '@/lib/observability/logger';
import { stopOnSignal } from '@/lib/util/stop-on-signal';
import { startWorker } from './start-worker.ts';

export async function main(): Promise<void> {
  env(); // a bad variable stops the process here, naming it
  const fatal = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error }, `${kind}: exiting so the supervisor starts a clean worker`);
    process.exit(1);
  };
  process.on('unhandledRejection', fatal('unhandled rejection'));
  process.on('uncaughtException', fatal('uncaught exception'));
  const worker = await startWorker({ onFatal: (reason, error) => fatal(reason)(error) });
  stopOnSignal(() => worker.stop());
  await worker.promise.catch(fatal('worker pool aborted'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
