// POST /events, POST /events/batch, GET /events, GET /events/{id}.
import { z } from 'zod';
import { ZEventWithDeliveries } from '../../deliveries/schema.ts';
import { MAX_BATCH_EVENTS, ZAcceptedEvent, ZAcceptedEventBatch, ZCreateEvent, ZCreateEventBatch, ZEventPage, ZEventQuery, ZIdempotencyKey } from '../../events/schema.ts';
import { errors, idParam, jsonBody, ok, type PathModule } from '../registry.ts';

const tag = 'Events';

export const eventPaths: PathModule = {
  tag: { name: tag, description: 'What your backend sends. Each event fans out to every subscribed endpoint.' },
  register(registry) {
    registry.registerPath({
      method: 'post',
      path: '/api/v1/events',
      operationId: 'sendEvent',
      tags: [tag],
      summary: 'Send an event',
      description:
        'Answers 202 once the event, one delivery per subscribed endpoint and their jobs are committed together: an accepted event is never lost. ' +
        'Send an `Idempotency-Key` to make retries safe.',
      request: {
        headers: z.object({ 'Idempotency-Key': ZIdempotencyKey.optional() }),
        body: jsonBody(ZCreateEvent, { example: { type: 'invoice.paid', data: { invoiceId: 'inv_123', amount: 4200, currency: 'EUR' } } }),
      },
      responses: {
        202: ok('Accepted (or, with a known Idempotency-Key, the first answer again).', ZAcceptedEvent, {
          'idempotent-replayed': z.literal('true').optional().describe('Present when this is a replay of an earlier request with the same Idempotency-Key.'),
        }),
        ...errors(400, 409, 413, 415, 503),
      },
    });
    registry.registerPath({
      method: 'post',
      path: '/api/v1/events/batch',
      operationId: 'sendEventBatch',
      tags: [tag],
      summary: 'Send many events at once',
      description:
        `1 to ${MAX_BATCH_EVENTS} events (within the 1 MiB body limit), each as for \`POST /api/v1/events\`. All or nothing: one invalid item refuses the batch ` +
        '(`details[].path` names it, e.g. `events.3.data.amount`), and the 202 comes once every new event, its deliveries and their jobs are committed in one transaction. ' +
        'Give each item an `idempotencyKey` to make retries safe: an item whose key was used with the same body within 24 h answers the first event (`replayed: true`) and creates nothing; ' +
        'a key used with another body refuses the whole batch (409, `details[].path` `events.N.idempotencyKey`).',
      request: {
        body: jsonBody(ZCreateEventBatch, {
          example: {
            events: [
              { type: 'invoice.paid', data: { invoiceId: 'inv_123', amount: 4200 }, idempotencyKey: 'invoice-inv_123-paid' },
              { type: 'invoice.paid', data: { invoiceId: 'inv_124', amount: 990 }, idempotencyKey: 'invoice-inv_124-paid' },
            ],
          },
        }),
      },
      responses: {
        202: ok('Accepted: one answer per item, in the order sent.', ZAcceptedEventBatch),
        ...errors(400, 409, 413, 415, 503),
      },
    });
    registry.registerPath({
      method: 'get',
      path: '/api/v1/events',
      operationId: 'listEvents',
      tags: [tag],
      summary: 'List events',
      description: 'Newest first, without payloads. Pass `nextCursor` as `cursor` for the next page.',
      request: { query: ZEventQuery },
      responses: { 200: ok('A page of events.', ZEventPage), ...errors(400) },
    });
    registry.registerPath({
      method: 'get',
      path: '/api/v1/events/{id}',
      operationId: 'getEvent',
      tags: [tag],
      summary: 'Get an event',
      description: 'The event, its payload and its deliveries.',
      request: { params: idParam('The event id, `msg_…`.') },
      responses: { 200: ok('The event.', ZEventWithDeliveries), ...errors(404) },
    });
  },
};
