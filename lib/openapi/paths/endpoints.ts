// /endpoints and /endpoints/{id}[/secret|/rotate-secret|/recover].
import { ZPageQuery } from '../../pagination.ts';
import {
  ZCreatedEndpoint,
  ZCreateEndpoint,
  ZEndpoint,
  ZEndpointPage,
  ZEndpointSecrets,
  ZRecoverEndpoint,
  ZRecoverResult,
  ZRotatedSecret,
  ZRotateSecret,
  ZUpdateEndpoint,
} from '../../endpoints/schema.ts';
import { errors, idParam, jsonBody, ok, type PathModule } from '../registry.ts';

const tag = 'Endpoints';
const id = idParam('The endpoint id, `ep_…`.');

export const endpointPaths: PathModule = {
  tag: { name: tag, description: 'Where webhooks go: URL, event-type filter, rate limit, ordering, signing secret.' },
  register(registry) {
    registry.registerPath({
      method: 'post',
      path: '/api/v1/endpoints',
      operationId: 'createEndpoint',
      tags: [tag],
      summary: 'Create an endpoint',
      description: 'The answer carries the signing secret (or, for ed25519, the public key) this once.',
      request: { body: jsonBody(ZCreateEndpoint, { example: { url: 'https://example.com/webhooks', eventTypes: ['invoice.paid'] } }) },
      responses: { 201: ok('Created.', ZCreatedEndpoint), ...errors(400, 413, 415) },
    });
    registry.registerPath({
      method: 'get',
      path: '/api/v1/endpoints',
      operationId: 'listEndpoints',
      tags: [tag],
      summary: 'List endpoints',
      description: 'Newest first. Pass `nextCursor` as `cursor` for the next page.',
      request: { query: ZPageQuery },
      responses: { 200: ok('A page of endpoints.', ZEndpointPage), ...errors(400) },
    });
    registry.registerPath({
      method: 'get',
      path: '/api/v1/endpoints/{id}',
      operationId: 'getEndpoint',
      tags: [tag],
      summary: 'Get an endpoint',
      request: { params: id },
      responses: { 200: ok('The endpoint.', ZEndpoint), ...errors(404) },
    });
    registry.registerPath({
      method: 'patch',
      path: '/api/v1/endpoints/{id}',
      operationId: 'updateEndpoint',
      tags: [tag],
      summary: 'Update an endpoint',
      description: 'Changes only the fields sent. `{ "disabled": true }` disables it, `false` enables it again.',
      request: { params: id, body: jsonBody(ZUpdateEndpoint, { example: { disabled: false } }) },
      responses: { 200: ok('The endpoint as it is now.', ZEndpoint), ...errors(400, 404, 413, 415) },
    });
    registry.registerPath({
      method: 'delete',
      path: '/api/v1/endpoints/{id}',
      operationId: 'deleteEndpoint',
      tags: [tag],
      summary: 'Delete an endpoint',
      description: 'With its secrets and delivery history.',
      request: { params: id },
      responses: { 204: ok('Deleted.'), ...errors(404) },
    });
    registry.registerPath({
      method: 'get',
      path: '/api/v1/endpoints/{id}/secret',
      operationId: 'getEndpointSecret',
      tags: [tag],
      summary: 'Get the signing secret',
      description: 'The current secret and older ones still signing during a rotation grace (public keys only for ed25519).',
      request: { params: id },
      responses: { 200: ok('The secrets that verify this endpoint\'s webhooks now.', ZEndpointSecrets), ...errors(404) },
    });
    registry.registerPath({
      method: 'post',
      path: '/api/v1/endpoints/{id}/rotate-secret',
      operationId: 'rotateEndpointSecret',
      tags: [tag],
      summary: 'Rotate the signing secret',
      description: 'A new secret signs from now on; the old one keeps signing beside it until the grace ends (default 24 h). The body is optional.',
      request: { params: id, body: jsonBody(ZRotateSecret, { required: false, example: { graceHours: 24 } }) },
      responses: { 200: ok('The new secret, shown this once.', ZRotatedSecret), ...errors(400, 404, 413, 415) },
    });
    registry.registerPath({
      method: 'post',
      path: '/api/v1/endpoints/{id}/recover',
      operationId: 'recoverEndpoint',
      tags: [tag],
      summary: 'Recover failed deliveries',
      description: 'After an outage: one more attempt for every delivery to this endpoint that failed for good in the time range. 409 while the endpoint is disabled.',
      request: { params: id, body: jsonBody(ZRecoverEndpoint, { example: { since: '2026-01-01T00:00:00Z' } }) },
      responses: { 202: ok('Queued.', ZRecoverResult), ...errors(400, 404, 409, 413, 415) },
    });
  },
};
