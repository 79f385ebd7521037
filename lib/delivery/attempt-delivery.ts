// One delivery attempt: what a `deliver` job does.
//
// Exactly-one-owner rule: deliveries.job_token names the one job allowed to attempt.
// A job whose token doesn't match was replaced by a manual retry, or is a replay of a
// job whose attempt was already recorded (worker killed after commit, before graphile
// marked the job done); either way it ends without sending.
import { PermitWaitAborted, takeSlotAndPermit, workerPermits, type Permit } from './attempt-permits.ts';
import { circuitPolicy, passCircuit, releaseProbe, wakeHeldDeliveries } from './circuit-breaker.ts';
import { isCanaryEndpoint } from '../canary/canary-ids.ts';
import { earlierUndelivered } from './earlier-undelivered.ts';
import { endDelivery } from './end-delivery.ts';
import { takeRateSlot } from './take-rate-slot.ts';
import { env } from '../env.ts';
import type { Logger } from '../observability/logger.ts';
import type { LogFields } from '../observability/log-context.ts';
import { recordAttemptMetrics, recordDelivered } from '../observability/metrics.ts';
import { SpanKind, SpanStatusCode, traceparentOf, tracingRecords, withSpanIn, type Context, type Span } from '../observability/tracing.ts';
import type { DeliverJob } from '../queue/deliver-job.ts';
import { deferDeliveryJob, type DeferOptions } from '../queue/defer-delivery-job.ts';
import { busyDelay, endpointCap, endpointIsFast, FAST_BUSY_DELAY_MS, noteAttempt, type Slot } from './endpoint-slots.ts';
import { sendWebhook, type SendResult } from './http-client.ts';
import { loadDelivery, type LoadedDelivery } from './load-delivery.ts';
import { recordAttempt, type AttemptOutcome } from './record-attempt.ts';
import { retryPolicy } from './retry-policy.ts';
import { webhookHeaders } from './webhook-headers.ts';
import { retryTransient } from '../util/retry-transient.ts';
import { isPurgedBody } from '../retention/purged-body.ts';

/**
 * What the job's task hands down. `fields` are the delivery's log fields (deliveryId,
 * jobId, traceId): attemptDelivery adds the tenant, event, endpoint and attempt number
 * once the delivery is loaded, so the task's own lines can name them too. `span` and
 * `traceContext`: the job's span and the context carrying it (tracing.ts, withSpanIn).
 */
export type AttemptContext = { log: Logger; fields: LogFields; span: Span; traceContext: Context };

export type AttemptResult = 'stale' | 'endpoint_disabled' | 'payload_purged' | 'circuit_open' | 'endpoint_busy' | 'waiting_for_earlier' | 'rate_limited' | 'worker_stopping' | 'recorded';

// An ordered endpoint's later deliveries look again at least this often, in case the
// one they wait for is retried by hand before its scheduled time.
const ORDER_RECHECK_MS = 60_000;
// A circuit's probe holds the others back for the delivery timeout plus this.
const PROBE_MARGIN_MS = 5_000;

/** `shutdown`: graphile-worker's abort signal, raised when the worker stops (5 s grace). */
export async function attemptDelivery(job: DeliverJob, context: AttemptContext, shutdown?: AbortSignal): Promise<{ result: AttemptResult; outcome?: AttemptOutcome }> {
  const delivery = await retryTransient(() => loadDelivery(job.deliveryId));
  if (!delivery || delivery.jobToken !== job.token) return { result: 'stale' };
  // From here every log line of the job names the event (its webhook-id, the id the API
  // returned), the tenant, the endpoint and the attempt this job would make: one child
  // logger per delivery, its ids written once for all its lines; the attempt number,
  // which recording may change, goes on each line.
  const { fields } = context;
  Object.assign(fields, { tenantId: delivery.tenantId, eventId: delivery.eventId, endpointId: delivery.endpointId });
  const log = context.log.child({ ...fields });
  fields.attempt = delivery.attemptCount + 1;
  // The same ids on the job's span, so a trace search by event or endpoint finds it.
  context.span.setAttributes({ 'hookline.tenant_id': delivery.tenantId, 'hookline.event_id': delivery.eventId, 'hookline.endpoint_id': delivery.endpointId });
  if (delivery.disabledAt) {
    await endDelivery(job, `endpoint disabled: ${delivery.disabledReason ?? 'no reason given'}`);
    log.info({ attempt: fields.attempt, reason: delivery.disabledReason }, 'delivery ended without an attempt: endpoint disabled');
    return { result: 'endpoint_disabled' };
  }
  // Retention removed the payload (a recover or retry raced the purge): nothing to send.
  if (isPurgedBody(delivery.body)) {
    await endDelivery(job, 'payload removed by retention: nothing left to send');
    log.warn({ attempt: fields.attempt }, 'delivery ended without an attempt: payload removed by retention');
    return { result: 'payload_purged' };
  }
  const e = env();
  const soon = () => Date.now() + e.ENDPOINT_BUSY_DELAY * (0.5 + Math.random());
  const defer = (runAt: Date, options?: DeferOptions) => retryTransient(() => deferDeliveryJob(job, runAt, options));
  // The checks that may make this job wait come before the circuit's probe is claimed:
  // a job that claimed the probe and then waited anyway would hold every other job of
  // the endpoint back for the probe's lease while nothing is sent.
  if (delivery.ordered) {
    const blockedUntil = await earlierUndelivered(delivery.endpointId, delivery);
    if (blockedUntil) {
      await defer(new Date(Math.max(soon(), Math.min(blockedUntil.getTime(), Date.now() + ORDER_RECHECK_MS))));
      return { result: 'waiting_for_earlier' };
    }
  }
  const cap = endpointCap(e.WORKER_CONCURRENCY, e.ENDPOINT_CONCURRENCY);
  let taken: Awaited<ReturnType<typeof takeSlotAndPermit>>;
  try {
    taken = await takeSlotAndPermit(workerPermits(), delivery.endpointId, cap, job.lane ?? 'first', shutdown);
  } catch (error) {
    if (!(error instanceof PermitWaitAborted)) throw error;
    // The worker is stopping while this delivery waited for room: back in the queue, due
    // now, for whichever worker is next. Failing the job instead would count against
    // graphile-worker's attempts (and end the delivery on the last one).
    await defer(new Date(), { atLanePriority: true });
    return { result: 'worker_stopping' };
  }
  const { slot, permit } = taken;
  if (!slot || !permit) {
    // A fast endpoint at its cap with as many jobs waiting (a burst, a backlog): back in
    // line at its own priority, due about when the endpoint will have freed its slots.
    // Any other (slow, hanging, failing) waits ENDPOINT_BUSY_DELAY or longer, behind fresh
    // work. At the waiting priority with a 1 s minimum, a burst's jobs put back to a fast
    // endpoint came back after every fresh job: end to end at 500 events/s, p99.9 3.4–4.6 s.
    const fast = endpointIsFast(delivery.endpointId);
    await defer(new Date(Date.now() + busyDelay(delivery.endpointId, fast ? FAST_BUSY_DELAY_MS : e.ENDPOINT_BUSY_DELAY, cap)), { atLanePriority: fast });
    return { result: 'endpoint_busy' };
  }
  try {
    // A click on "retry" goes through an open circuit; bulk recovers wait like the rest.
    let probing = false;
    if (!(job.trigger === 'manual' && job.lane !== 'retry')) {
      const pass = await passCircuit(delivery.endpointId, delivery.circuitState, delivery.circuitRetryAt, e.DELIVERY_TIMEOUT + PROBE_MARGIN_MS);
      if (pass !== 'go') {
        // Spread the held jobs a little so they don't all wake in the same instant.
        const runAt = new Date(Math.max(pass.getTime(), soon()) + Math.random() * e.ENDPOINT_BUSY_DELAY);
        // Closed since it was read: carry on with the attempt.
        const deferral = await defer(runAt, { whileCircuitOpen: delivery.endpointId });
        if (deferral === 'stale') return { result: 'stale' };
        if (deferral === 'deferred') return { result: 'circuit_open' };
      }
      probing = pass === 'go' && delivery.circuitState !== 'closed';
    }
    if (delivery.rateLimitPerSecond) {
      const notBefore = await takeRateSlot(delivery.endpointId, delivery.rateLimitPerSecond);
      if (notBefore) {
        // The probe this job claimed goes to whichever job comes next.
        if (probing) await retryTransient(() => releaseProbe(delivery.endpointId));
        // Spread the waiting jobs over the next slot interval rather than all at once.
        await defer(new Date(Math.max(notBefore.getTime(), Date.now()) + Math.random() * (1000 / delivery.rateLimitPerSecond)));
        return { result: 'rate_limited' };
      }
    }
    return await attemptWithSlot(job, delivery, slot, permit, { ...context, log }, shutdown);
  } finally {
    slot.release();
    permit.release();
  }
}

async function attemptWithSlot(job: DeliverJob, delivery: LoadedDelivery, slot: Slot, permit: Permit, context: AttemptContext, shutdown?: AbortSignal): Promise<{ result: AttemptResult; outcome?: AttemptOutcome }> {
  const { log, fields, span: jobSpan } = context;
  const e = env();
  let startedAt: Date;
  let headers: Record<string, string>;
  let result: SendResult;
  try {
    startedAt = new Date();
    headers = webhookHeaders({ eventId: delivery.eventId, body: delivery.body, secrets: delivery.secrets, now: startedAt });
    // The URL parsed for the span only when spans are recorded: sendWebhook parses it anyway.
    result = await withSpanIn(context.traceContext, 'POST webhook', { kind: SpanKind.CLIENT, attributes: tracingRecords() ? urlAttributes(delivery.url) : undefined }, async (span, requestContext) => {
      // W3C trace context for the consumer: its handling can join the producer's trace.
      // Not part of the signed content (Standard Webhooks signs id, timestamp and body).
      const traceparent = traceparentOf(requestContext);
      if (traceparent) headers.traceparent = traceparent;
      const sent = await sendWebhook({ url: delivery.url, headers, body: delivery.body, timeoutMs: e.DELIVERY_TIMEOUT, allowPrivate: e.ALLOW_PRIVATE_ENDPOINTS || (isCanaryEndpoint(delivery.endpointId) && delivery.url === e.CANARY_URL), shutdown });
      if (sent.statusCode !== null) {
        span.setAttribute('http.response.status_code', sent.statusCode);
        jobSpan?.setAttribute('http.response.status_code', sent.statusCode);
      }
      if (!sent.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: sent.errorClass ?? 'failed' });
      if (sent.errorClass) span.setAttribute('error.type', sent.errorClass);
      return sent;
    });
  } finally {
    // The request is over: the permit goes to the next one while the outcome is written.
    permit.release();
  }
  // The endpoint is done with this attempt: its slot is free while the outcome is written.
  noteAttempt(delivery.endpointId, result.durationMs, result.ok);
  slot.release();
  recordAttemptMetrics(result);
  // The webhook was sent: ride out a database blip rather than fail the job and send again.
  const outcome = await retryTransient(() => recordAttempt({
    job,
    endpointId: delivery.endpointId,
    startedAt,
    requestHeaders: headers,
    result,
    policy: retryPolicy(),
    disableAfterMs: e.ENDPOINT_DISABLE_AFTER,
    circuit: circuitPolicy(),
  }));
  // The recorded number: a manual retry made meanwhile may have taken the one expected.
  if (outcome) fields.attempt = outcome.number;
  // A repeat success (a manual retry of a delivered event) is not a new delivery.
  if (outcome?.status === 'succeeded' && delivery.status !== 'succeeded') recordDelivered(delivery.createdAt);
  log.info(
    { attempt: fields.attempt, statusCode: result.statusCode, errorClass: result.errorClass, ms: result.durationMs, status: outcome?.status, nextAttemptAt: outcome?.nextAttemptAt },
    result.ok ? 'delivered' : 'attempt failed',
  );
  if (outcome?.endpointDisabled) log.warn({ attempt: fields.attempt, statusCode: result.statusCode }, 'endpoint disabled');
  if (outcome?.circuitOpened) log.warn({ attempt: fields.attempt }, 'circuit opened: deliveries to this endpoint are held');
  if (outcome?.circuitClosed) {
    const woken = await retryTransient(() => wakeHeldDeliveries(delivery.endpointId));
    log.info({ attempt: fields.attempt, woken }, 'circuit closed: held deliveries woken');
  }
  return { result: 'recorded', outcome };
}

// Host and path only: query strings of endpoint URLs often carry tokens.
function urlAttributes(url: string) {
  const parsed = new URL(url);
  return { 'http.request.method': 'POST', 'server.address': parsed.hostname, 'server.port': Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80), 'url.path': parsed.pathname };
}
