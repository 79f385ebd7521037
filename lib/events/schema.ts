import { z } from 'zod';
import { ZEventType } from '../endpoints/schema.ts';
import { ZPageQuery } from '../pagination.ts';
import { zDateTime } from '../util/zod-date-time.ts';

// 64 levels: deeper JSON is not a real payload, and serialising it recursively would
// overflow the stack (a 500) instead of a 400.
export const MAX_DATA_DEPTH = 64;

export const ZCreateEvent = z.strictObject({
  type: ZEventType.describe('What happened, e.g. `invoice.paid`; endpoints filter on it.'),
  // Checked, not copied: z.record rebuilds the object by assignment, and assigning a
  // parsed "__proto__" key sets the prototype instead, so that key vanished from the
  // body sent to endpoints (found by test/integration/fuzz.test.ts).
  data: z
    .custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
      error: 'data must be a JSON object',
    })
    .refine((data) => jsonDepth(data) <= MAX_DATA_DEPTH, `data is nested more than ${MAX_DATA_DEPTH} levels deep`)
    // z.custom has no JSON Schema of its own: this is what the OpenAPI document shows.
    .meta({ type: 'object', additionalProperties: true, description: `The payload: any JSON object, at most ${MAX_DATA_DEPTH} levels deep.` }),
});

/** Nesting depth of a parsed JSON value, without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DATA_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}
export type TCreateEvent = z.input<typeof ZCreateEvent>;

export const ZIdempotencyKey = z
  .string()
  .min(1, 'Idempotency-Key must not be empty')
  .max(255, 'Idempotency-Key is longer than 255 characters')
  .describe('Within 24 h, the same key with the same body returns the first answer and creates nothing; with another body it is a 409.');

// POST /events/batch: 100 events per request. Each item is a POST /events body plus its
// own Idempotency-Key; the whole body still has the 1 MiB limit.
export const MAX_BATCH_EVENTS = 100;

export const ZBatchEventItem = ZCreateEvent.extend({
  idempotencyKey: ZIdempotencyKey.optional().describe(
    'This item\'s Idempotency-Key: within 24 h, the same key with the same type and data answers the first event (`replayed: true`) and creates nothing; with another body the whole batch is a 409.',
  ),
});
export type TBatchEventItem = z.input<typeof ZBatchEventItem>;

export const ZCreateEventBatch = z
  .strictObject({
    events: z
      .array(ZBatchEventItem)
      .min(1, 'events must hold at least one event')
      .max(MAX_BATCH_EVENTS, `at most ${MAX_BATCH_EVENTS} events per request`)
      .describe(`1 to ${MAX_BATCH_EVENTS} events, stored together or not at all.`),
  })
  // Two items with one key can't both be "the first answer": refused, naming the second.
  .superRefine(({ events }, ctx) => {
    const seen = new Map<string, number>();
    events.forEach(({ idempotencyKey: key }, index) => {
      if (key === undefined) return;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else ctx.addIssue({ code: 'custom', path: ['events', index, 'idempotencyKey'], message: `the same idempotencyKey as events.${first}` });
    });
  });
export type TCreateEventBatch = z.input<typeof ZCreateEventBatch>;

// Query of GET /events: newest first, optionally one type and a time range.
export const ZEventQuery = ZPageQuery.extend({
  type: ZEventType.optional().describe('Only events of this type.'),
  since: zDateTime().optional().describe('Only events accepted at or after this instant.'),
  until: zDateTime().optional().describe('Only events accepted before this instant.'),
});
export type TEventQuery = z.input<typeof ZEventQuery>;

// Responses. serialize-event.ts returns these types, and the OpenAPI document
// (lib/openapi) is built from them: one can't change without the other.
const ZEventId = z.string().describe('The event id, `msg_…`; also the `webhook-id` header every endpoint receives.');
const ZAcceptedAt = z.iso.datetime().describe('When Hookline accepted the event; the `timestamp` in the webhook body.');

export const ZAcceptedEvent = z
  .object({
    id: ZEventId,
    type: z.string().describe('The event type, as sent.'),
    createdAt: ZAcceptedAt,
    deliveries: z
      .array(z.object({ id: z.string().describe('The delivery id, `dlv_…`.'), endpointId: z.string().describe('The endpoint it goes to.') }))
      .describe('One per enabled endpoint whose filter matches the type; empty when none does.'),
  })
  .meta({ id: 'AcceptedEvent', description: 'The answer to POST /events, the first time and on every idempotent replay.' });
export type TAcceptedEvent = z.infer<typeof ZAcceptedEvent>;

export const ZBatchAcceptedEvent = z
  .object({
    ...ZAcceptedEvent.shape,
    replayed: z.boolean().describe('True when the item\'s idempotencyKey was already used with the same body: this is that first event, and nothing new was created.'),
  })
  .meta({ id: 'BatchAcceptedEvent', description: 'One item of a batch\'s answer: the event as POST /events answers it, and whether it was a replay.' });
export type TBatchAcceptedEvent = z.infer<typeof ZBatchAcceptedEvent>;

export const ZAcceptedEventBatch = z
  .object({ data: z.array(ZBatchAcceptedEvent).describe('One per item sent, in the same order.') })
  .meta({ id: 'AcceptedEventBatch', description: 'The answer to POST /events/batch.' });
export type TAcceptedEventBatch = z.infer<typeof ZAcceptedEventBatch>;

export const ZEventSummary = z
  .object({ id: ZEventId, type: z.string().describe('The event type.'), createdAt: ZAcceptedAt })
  .meta({ id: 'EventSummary', description: 'An event without its payload.' });
export type TEventSummary = z.infer<typeof ZEventSummary>;

export const ZEvent = ZEventSummary.extend({
  data: z.record(z.string(), z.unknown()).nullable().describe('The payload, as sent; null once retention removed it (see dataPurgedAt).'),
  dataPurgedAt: z.iso.datetime().nullable().describe('When retention (RETENTION_PERIOD) removed the payload; null while it is kept.'),
}).meta({ id: 'Event', description: 'An event with its payload.' });
export type TEvent = z.infer<typeof ZEvent>;

export const ZEventPage = z
  .object({
    data: z.array(ZEventSummary),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last one.'),
  })
  .meta({ id: 'EventPage' });
export type TEventPage = z.infer<typeof ZEventPage>;
