// Task `purge_retention`: one retention run (lib/retention/purge-retention.ts), hourly on
// graphile-worker's cron (worker/start-worker.ts); `hookline purge` runs the same now.
// A run that fails throws: graphile-worker retries it, and the next hour's run would
// catch up anyway (each batch is committed as it goes).
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { env } from '@/lib/env';
import { logger } from '@/lib/observability/logger';
import { purgeRetention } from '@/lib/retention/purge-retention';

export const PURGE_RETENTION_TASK = 'purge_retention';
export const PURGE_RETENTION_JOB_KEY = 'hookline:purge_retention';

// Cron jobs carry graphile-worker's own `_cron` field; nothing else is read.
const ZPurgeJob = z.object({ _cron: z.object({ ts: z.string() }).optional() });

export const purgeRetentionTask: Task = async (payload, helpers) => {
  const log = logger.child({ jobId: helpers.job.id, task: PURGE_RETENTION_TASK });
  if (!ZPurgeJob.safeParse(payload).success) log.warn('purge_retention job with an unexpected payload; running it anyway');
  const { RETENTION_PERIOD, RETENTION_BATCH_SIZE } = env();
  if (RETENTION_PERIOD === null) return;
  const run = await purgeRetention({ periodMs: RETENTION_PERIOD, batchSize: RETENTION_BATCH_SIZE });
  log.info(run, 'retention run finished');
};
