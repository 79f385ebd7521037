// What the deliver task hands attemptDelivery, for tests that call it directly: the
// worker's logger, the delivery's log fields, and no trace.
import { INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { AttemptContext } from '@/lib/delivery/attempt-delivery';
import { logger } from '@/lib/observability/logger';
import type { DeliverJob } from '@/lib/queue/deliver-job';

export const attemptContext = (job: DeliverJob): AttemptContext => ({
  log: logger,
  fields: { deliveryId: job.deliveryId },
  span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
  traceContext: ROOT_CONTEXT,
});
