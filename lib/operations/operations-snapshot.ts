// Everything the operator's Operations page shows, read in one round of queries.
import { attemptThroughput } from './attempt-throughput.ts';
import { canarySummary } from './canary-summary.ts';
import { deliveryStats } from './delivery-stats.ts';
import { endpointsNeedingAttention } from './endpoints-needing-attention.ts';
import { queueStats } from './queue-stats.ts';
import { recentOperationalEvents } from './recent-operational-events.ts';
import { topErrorClasses } from './top-error-classes.ts';
import { workerStatus } from './worker-status.ts';

export async function operationsSnapshot() {
  const [queue, deliveries, throughput, topErrors, workers, attention, operationalEvents, canary] = await Promise.all([
    queueStats(),
    deliveryStats(),
    attemptThroughput(),
    topErrorClasses(),
    workerStatus(),
    endpointsNeedingAttention(),
    recentOperationalEvents(),
    canarySummary(),
  ]);
  return { generatedAt: new Date().toISOString(), queue, deliveries, throughput, topErrors, workers, attention, operationalEvents, canary };
}

export type OperationsSnapshot = Awaited<ReturnType<typeof operationsSnapshot>>;
