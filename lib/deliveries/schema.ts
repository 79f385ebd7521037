import { z } from 'zod';
import { zDateTime } from '../util/zod-date-time.ts';
import { ZPageQuery } from '../pagination.ts';
import { ZEvent } from '../events/schema.ts';

export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;

export const ZDeliveryQuery = ZPageQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional().describe('Only deliveries in this state.'),
  endpointId: z.string().min(1).max(64).optional().describe('Only deliveries to this endpoint.'),
  eventId: z.string().min(1).max(64).optional().describe('Only deliveries of this event.'),
  eventType: z.string().min(1).max(128).optional().describe('Only deliveries of events of this type.'),
  since: zDateTime().optional().describe('Only deliveries created at or after this instant.'),
  until: zDateTime().optional().describe('Only deliveries created before this instant.'),
});
export type TDeliveryQuery = z.input<typeof ZDeliveryQuery>;

// Responses. serialize-delivery.ts returns these types, and the OpenAPI document
// (lib/openapi) is built from them: one can't change without the other.
const ZInstant = z.iso.datetime();

export const ZDeliverySummary = z
  .object({
    id: z.string().describe('The delivery id, `dlv_…`.'),
    eventId: z.string().describe('The event delivered.'),
    endpointId: z.string().describe('The endpoint it goes to.'),
    status: z
      .enum(DELIVERY_STATUSES)
      .describe('pending: no attempt yet; retrying: failed, another attempt is scheduled; succeeded: a 2xx; failed: attempts or age ran out.'),
    attemptCount: z.number().int().describe('Attempts made so far.'),
    nextAttemptAt: ZInstant.nullable().describe('When the next attempt is due; null once settled.'),
    lastAttemptAt: ZInstant.nullable().describe('When the latest attempt started; null before the first.'),
    lastStatusCode: z.number().int().nullable().describe('HTTP status of the latest attempt; null when none came back.'),
    lastError: z.string().nullable().describe('Why the latest attempt failed, when it did.'),
    createdAt: ZInstant.describe('When the event was accepted for this endpoint.'),
  })
  .meta({ id: 'DeliverySummary', description: 'One event to one endpoint.' });
export type TDeliverySummary = z.infer<typeof ZDeliverySummary>;

export const ZAttempt = z
  .object({
    id: z.string().describe('The attempt id, `atm_…`.'),
    number: z.number().int().describe('1 for the first attempt, then 2, 3, …'),
    trigger: z.enum(['automatic', 'manual']).describe('automatic: the schedule; manual: a retry or recover by a person or the API.'),
    startedAt: ZInstant,
    durationMs: z.number().int().describe('Until the answer (or the error) came.'),
    succeeded: z.boolean().describe('True for a 2xx.'),
    statusCode: z.number().int().nullable().describe('The HTTP status; null on timeout or connection error.'),
    errorClass: z.string().nullable().describe('timeout, connection_refused, dns, tls, reset, blocked_address, http_status, …'),
    errorMessage: z.string().nullable(),
    requestHeaders: z.record(z.string(), z.string()).describe('Exactly the headers sent, signature included.'),
    responseHeaders: z.record(z.string(), z.string()).nullable().describe('What the endpoint answered with; null when nothing came back.'),
    responseBody: z.string().nullable().describe('The first 64 KiB of the answer; null once retention removed it (see bodyPurgedAt).'),
    bodyPurgedAt: ZInstant.nullable().describe('When retention (RETENTION_PERIOD) removed the response body; null while it is kept.'),
  })
  .meta({ id: 'Attempt', description: 'One HTTP request to an endpoint.' });
export type TAttempt = z.infer<typeof ZAttempt>;

export const ZDelivery = ZDeliverySummary.extend({
  event: ZEvent,
  attempts: z.array(ZAttempt).describe('Oldest first.'),
}).meta({ id: 'Delivery', description: 'A delivery with its event and every attempt.' });
export type TDelivery = z.infer<typeof ZDelivery>;

export const ZDeliveryPage = z
  .object({
    data: z.array(ZDeliverySummary),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last one.'),
  })
  .meta({ id: 'DeliveryPage' });
export type TDeliveryPage = z.infer<typeof ZDeliveryPage>;

// GET /events/:id: the event and its deliveries. Here rather than in events/schema.ts,
// which the delivery detail imports (ZEvent).
export const ZEventWithDeliveries = ZEvent.extend({
  deliveries: z.array(ZDeliverySummary).describe('One per endpoint it went to, oldest first.'),
}).meta({ id: 'EventWithDeliveries' });
export type TEventWithDeliveries = z.infer<typeof ZEventWithDeliveries>;
