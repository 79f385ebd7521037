// The one job type: make the next attempt of one delivery. Its payload is parsed
// before use (graphile-worker's advice: payloads are `unknown` until parsed).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const DELIVER_TASK = 'deliver';

export const ZDeliverJob = z.object({
  deliveryId: z.string().min(1),
  // Must equal deliveries.job_token for the job to act (attempt-delivery.ts says why).
  token: z.string().min(1),
  trigger: z.enum(['automatic', 'manual']),
  // W3C traceparent of the request that caused this job: every attempt joins its trace.
  traceparent: z.string().max(128).optional(),
});
export type DeliverJob = z.infer<typeof ZDeliverJob>;

export function newJobToken(): string {
  return randomBytes(12).toString('base64url');
}

/** One job per delivery at a time: a manual retry replaces the scheduled attempt. */
export function deliveryJobKey(deliveryId: string): string {
  return `delivery:${deliveryId}`;
}
