// One tick of the synthetic canary (worker task `canary`): make sure its endpoint
// exists and points at CANARY_URL, end the earlier runs that failed, start a new one,
// and prune old ones. The receiver (receive-canary.ts) marks a run ok when it arrives.
import { env } from '../env.ts';
import type { Logger } from '../observability/logger.ts';
import { canaryDeadlineMs } from './canary-schedule.ts';
import { concludeCanaryRuns } from './conclude-canary-runs.ts';
import { ensureCanaryEndpoint } from './ensure-canary-endpoint.ts';
import { pruneCanaryData } from './prune-canary-data.ts';
import { startCanaryRun } from './start-canary-run.ts';

export async function runCanary(url: string, log: Logger): Promise<void> {
  await ensureCanaryEndpoint(url);
  const failed = await concludeCanaryRuns(canaryDeadlineMs(env().DELIVERY_TIMEOUT));
  if (failed > 0) log.warn({ failed }, 'canary runs failed');
  const run = await startCanaryRun();
  if (run.error) log.warn({ canaryRunId: run.runId, error: run.error }, 'canary run could not start');
  else log.debug({ canaryRunId: run.runId, eventId: run.eventId }, 'canary run started');
  await pruneCanaryData();
}
