// Task `deliver`: one attempt of one delivery (lib/delivery/attempt-delivery.ts), in a
// span that joins the trace of the request that queued it; or, for a fan-out job
// (ingest's first attempts of one event's deliveries, lib/queue/deliver-job.ts), that for
// each of its deliveries at once, each as if it were its own job. Delivery failures are
// recorded and rescheduled there; only infrastructure faults (database unreachable)
// throw, and graphile-worker retries those.
import type { JobHelpers, Task } from 'graphile-worker';
import { attemptDelivery, type AttemptContext } from '@/lib/delivery/attempt-delivery';
import { endDelivery } from '@/lib/delivery/end-delivery';
import { logger, type Logger } from '@/lib/observability/logger';
import { contextFrom, SpanKind, withSpanIn } from '@/lib/observability/tracing';
import { DELIVER_RETRY_TASK, deliveriesOfPayload, type DeliverJob } from '@/lib/queue/deliver-job';

export const deliver: Task = async (payload, helpers) => {
  const lane = helpers.job.task_identifier === DELIVER_RETRY_TASK ? ('retry' as const) : ('first' as const);
  const parsed = deliveriesOfPayload(payload, lane);
  if ('issues' in parsed) {
    logger.error({ jobId: helpers.job.id, issues: parsed.issues }, 'malformed deliver job dropped');
    return;
  }
  // Every delivery runs to its end before a fault fails the job: graphile-worker then
  // runs it again, and the deliveries already recorded or put back in their own job
  // (a new token each) find their tokens stale and end without sending.
  const settled = await Promise.allSettled(parsed.jobs.map((job) => deliverOne(job, helpers)));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
};

function deliverOne(job: DeliverJob, helpers: JobHelpers): Promise<void> {
  const attributes = { 'hookline.delivery_id': job.deliveryId, 'hookline.trigger': job.trigger, 'hookline.lane': job.lane, 'messaging.message.id': helpers.job.id };
  // The trace and the log fields travel as arguments, not in the async context: see
  // withSpanIn (lib/observability/tracing.ts).
  return withSpanIn(contextFrom(job.traceparent), 'deliver', { kind: SpanKind.CONSUMER, attributes }, (span, traceContext) =>
    run(job, helpers, { span, traceContext, log: jobLogger(job.trigger, job.lane), fields: { deliveryId: job.deliveryId, jobId: helpers.job.id, traceId: span.spanContext().traceId } }),
  );
}

// One child logger per (trigger, lane), not one per job: the job's own ids are in each
// delivery's fields (attemptDelivery makes its child of this with them).
const jobLoggers = new Map<string, Logger>();
const jobLogger = (trigger: string, lane: string | undefined): Logger => {
  const key = `${trigger} ${lane}`;
  let log = jobLoggers.get(key);
  if (!log) jobLoggers.set(key, (log = logger.child({ trigger, lane })));
  return log;
};

async function run(job: DeliverJob, helpers: JobHelpers, attempt: AttemptContext): Promise<void> {
  const { log, fields, span } = attempt;
  try {
    const { result, outcome } = await attemptDelivery(job, attempt, helpers.abortSignal);
    span.setAttribute('hookline.result', result);
    if (outcome) span.setAttributes({ 'hookline.attempt': outcome.number, 'hookline.status': outcome.status });
    if (result !== 'recorded') log.debug({ ...fields, result }, 'no attempt made');
  } catch (error) {
    // `fields` names the tenant, event, endpoint and attempt too once the delivery was loaded.
    log.error({ ...fields, err: error, jobAttempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts }, 'deliver job failed');
    // graphile-worker's last try: end the delivery visibly rather than leave it pending with no job.
    if (helpers.job.attempts >= helpers.job.max_attempts) {
      await endDelivery(job, 'internal error: Hookline could not make this attempt; an operator can see why in the worker log').catch((e: unknown) =>
        log.error({ ...fields, err: e }, 'could not mark the delivery failed'),
      );
    }
    throw error;
  }
}
