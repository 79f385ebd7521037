// Task `canary`: one run of the synthetic canary (lib/canary/run-canary.ts). Scheduled by
// graphile-worker's cron (worker/start-worker.ts); under a minute, each run also queues
// the next under the same job key, so one canary job waits across all workers.
//
// It does not throw for a failed run: the run's row says what failed, and a thrown job
// would be retried beside the next one. Only a failure to queue the next run throws,
// so graphile-worker retries this one instead of the chain ending.
import type { JobHelpers, Task, TaskSpec } from 'graphile-worker';
import { z } from 'zod';
import { CANARY_JOB_KEY, CANARY_TASK } from '@/lib/canary/canary-ids';
import { selfScheduling } from '@/lib/canary/canary-schedule';
import { runCanary } from '@/lib/canary/run-canary';
import { env } from '@/lib/env';
import { logger } from '@/lib/observability/logger';

// Cron jobs carry graphile-worker's own `_cron` field; nothing else is read.
const ZCanaryJob = z.object({ _cron: z.object({ ts: z.string(), backfilled: z.boolean().optional() }).optional() });

export const canary: Task = async (payload, helpers) => {
  const log = logger.child({ jobId: helpers.job.id, task: CANARY_TASK });
  if (!ZCanaryJob.safeParse(payload).success) log.warn('canary job with an unexpected payload; running it anyway');
  const { CANARY_URL, CANARY_INTERVAL } = env();
  if (!CANARY_URL) return;
  await runCanary(CANARY_URL, log).catch((error: unknown) => log.error({ err: error }, 'canary run failed to run'));
  if (selfScheduling(CANARY_INTERVAL)) await queueNextCanary(helpers, new Date(Date.now() + CANARY_INTERVAL));
};

/** The next run, replacing any canary job waiting (one key for all of them). */
export function queueNextCanary(helpers: Pick<JobHelpers, 'addJob'>, runAt: Date): Promise<unknown> {
  return helpers.addJob(CANARY_TASK, {}, { jobKey: CANARY_JOB_KEY, jobKeyMode: 'replace', runAt } satisfies TaskSpec);
}
