// /event-types and /event-types/{name}: the catalog, and the schemas ingest checks.
import { z } from 'zod';
import { ZCreateEventType, ZEventTypeName, ZEventTypeObject, ZEventTypePage, ZListEventTypesQuery, ZUpdateEventType } from '../../event-types/schema.ts';
import { errors, jsonBody, ok, type PathModule } from '../registry.ts';

const tag = 'Event types';
const name = z.object({ name: ZEventTypeName.describe('The event type\'s name; a `/` in it is sent encoded, as `%2F`.') });

export const eventTypePaths: PathModule = {
  tag: {
    name: tag,
    description:
      'The catalog of event types. Events of a registered type with a JSON Schema are checked at `POST /events` (400 naming the path when `data` does not match); ' +
      'types not in the catalog are accepted as they are. Another app instance applies a change within a second.',
  },
  register(registry) {
    registry.registerPath({
      method: 'post',
      path: '/api/v1/event-types',
      operationId: 'createEventType',
      tags: [tag],
      summary: 'Register an event type',
      description: 'The schema must compile as JSON Schema 2020-12 and the example must match it (a 400 naming `schema…` or `example…` otherwise). Registering the name of an archived type restores it with these fields; an active one is a 409.',
      request: {
        body: jsonBody(ZCreateEventType, {
          example: { name: 'invoice.paid', description: 'An invoice was paid in full', schema: { type: 'object', required: ['invoiceId', 'amount'], properties: { invoiceId: { type: 'string' }, amount: { type: 'integer', minimum: 0 } } }, example: { invoiceId: 'inv_123', amount: 4200 } },
        }),
      },
      responses: { 201: ok('Registered (or restored).', ZEventTypeObject), ...errors(400, 409, 413, 415) },
    });
    registry.registerPath({
      method: 'get',
      path: '/api/v1/event-types',
      operationId: 'listEventTypes',
      tags: [tag],
      summary: 'List event types',
      description: 'By name. Pass `nextCursor` as `cursor` for the next page.',
      request: { query: ZListEventTypesQuery },
      responses: { 200: ok('A page of event types.', ZEventTypePage), ...errors(400) },
    });
    registry.registerPath({
      method: 'get',
      path: '/api/v1/event-types/{name}',
      operationId: 'getEventType',
      tags: [tag],
      summary: 'Get an event type',
      description: 'Archived ones too.',
      request: { params: name },
      responses: { 200: ok('The event type.', ZEventTypeObject), ...errors(404) },
    });
    registry.registerPath({
      method: 'patch',
      path: '/api/v1/event-types/{name}',
      operationId: 'updateEventType',
      tags: [tag],
      summary: 'Update an event type',
      description: 'Changes only the fields sent; the next event in this process is checked against the new schema. The name cannot change.',
      request: { params: name, body: jsonBody(ZUpdateEventType, { example: { description: 'An invoice was paid, in full or in part' } }) },
      responses: { 200: ok('The event type as it is now.', ZEventTypeObject), ...errors(400, 404, 413, 415) },
    });
    registry.registerPath({
      method: 'delete',
      path: '/api/v1/event-types/{name}',
      operationId: 'archiveEventType',
      tags: [tag],
      summary: 'Archive an event type',
      description: 'It leaves the catalog and its events are no longer checked. Registering the name again (or PATCH `{ "archived": false }`) restores it.',
      request: { params: name },
      responses: { 204: ok('Archived.'), ...errors(404) },
    });
  },
};
