// The one kind of job: make the next attempt of one delivery. Its payload is parsed
// before use (graphile-worker's advice: payloads are `unknown` until parsed).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

// Two task names for the same work, so each worker can keep slots that only first
// attempts use (worker/start-worker.ts): a backlog of automatic retries to a struggling
// endpoint then cannot starve fresh events. Retries also sort after first attempts.
export const DELIVER_TASK = 'deliver';
export const DELIVER_RETRY_TASK = 'deliver_retry';
export type Lane = 'first' | 'retry';

export const LANE_TASK = { first: DELIVER_TASK, retry: DELIVER_RETRY_TASK } as const satisfies Record<Lane, string>;
// graphile-worker runs lower numbers first.
export const LANE_PRIORITY = { first: 0, retry: 1 } as const satisfies Record<Lane, number>;
// A job put back because it may not run yet (endpoint busy, circuit open, rate limit,
// waiting for an earlier delivery) sorts after everything else: fresh work for healthy
// endpoints is taken first, and the waiting ones use what capacity is left.
export const WAITING_PRIORITY = 2;

export const ZDeliverJob = z.object({
  deliveryId: z.string().min(1),
  // Must equal deliveries.job_token for the job to act (attempt-delivery.ts says why).
  token: z.string().min(1),
  trigger: z.enum(['automatic', 'manual']),
  // W3C traceparent of the request that caused this job: every attempt joins its trace.
  traceparent: z.string().max(128).optional(),
});
export type DeliverJob = z.infer<typeof ZDeliverJob> & {
  /** Which task carries the job; a deferred job keeps its lane. Not in the payload. */
  lane?: Lane;
};

// A fan-out job: the first attempts of one event's deliveries (up to FAN_OUT_JOB_SIZE of
// them), queued by ingest as one job instead of one per delivery. Each delivery is then
// handled as its own job would be: its own token check, endpoint slot, span, log
// context and record; one that has to wait (endpoint busy, circuit open, rate limit,
// ordering) goes back as a job of its own. Fetching, locking and completing a job is
// graphile-worker's cost per job, not per delivery: a quarter of it at 4 endpoints.
export const FAN_OUT_JOB_SIZE = 8;

export const ZDeliverFanOutJob = z.object({
  deliveries: z.array(z.object({ deliveryId: z.string().min(1), token: z.string().min(1) })).min(1).max(FAN_OUT_JOB_SIZE),
  trigger: z.enum(['automatic', 'manual']),
  traceparent: z.string().max(128).optional(),
});

/**
 * A deliver job's payload as the deliveries it attempts: one, or a fan-out job's each
 * (sharing its trigger and trace), all in `lane`; or the issues that make it malformed.
 */
export function deliveriesOfPayload(payload: unknown, lane: Lane): { jobs: DeliverJob[] } | { issues: z.core.$ZodIssue[] } {
  if (payload !== null && typeof payload === 'object' && 'deliveries' in payload) {
    const parsed = ZDeliverFanOutJob.safeParse(payload);
    if (!parsed.success) return { issues: parsed.error.issues };
    const { deliveries, ...shared } = parsed.data;
    return { jobs: deliveries.map((one) => ({ ...shared, ...one, lane })) };
  }
  const parsed = ZDeliverJob.safeParse(payload);
  return parsed.success ? { jobs: [{ ...parsed.data, lane }] } : { issues: parsed.error.issues };
}

/** The delivery ids of the deliver jobs among these (other tasks and malformed payloads skipped). */
export function deliveryIds(jobs: readonly { task_identifier: string; payload: unknown }[]): string[] {
  const ids: string[] = [];
  const add = (id: unknown) => {
    if (typeof id === 'string' && id.length > 0) ids.push(id);
  };
  for (const job of jobs) {
    if (job.task_identifier !== DELIVER_TASK && job.task_identifier !== DELIVER_RETRY_TASK) continue;
    const payload = job.payload as { deliveryId?: unknown; deliveries?: unknown } | null;
    if (Array.isArray(payload?.deliveries)) for (const one of payload.deliveries) add((one as { deliveryId?: unknown } | null)?.deliveryId);
    else add(payload?.deliveryId);
  }
  return ids;
}

export function newJobToken(): string {
  return randomBytes(12).toString('base64url');
}

/** One job per delivery at a time: a manual retry replaces the scheduled attempt. */
export function deliveryJobKey(deliveryId: string): string {
  return `delivery:${deliveryId}`;
}
