// GET /deliveries, GET /deliveries/{id}, POST /deliveries/{id}/retry.
import { ZDelivery, ZDeliveryPage, ZDeliveryQuery, ZDeliverySummary } from '../../deliveries/schema.ts';
import { errors, idParam, ok, type PathModule } from '../registry.ts';

const tag = 'Deliveries';
const id = idParam('The delivery id, `dlv_…`.');

export const deliveryPaths: PathModule = {
  tag: { name: tag, description: 'One event to one endpoint: its status and every attempt.' },
  register(registry) {
    registry.registerPath({
      method: 'get',
      path: '/api/v1/deliveries',
      operationId: 'listDeliveries',
      tags: [tag],
      summary: 'List deliveries',
      description: 'Newest first, filtered by any of the parameters. Pass `nextCursor` as `cursor` for the next page.',
      request: { query: ZDeliveryQuery },
      responses: { 200: ok('A page of deliveries.', ZDeliveryPage), ...errors(400) },
    });
    registry.registerPath({
      method: 'get',
      path: '/api/v1/deliveries/{id}',
      operationId: 'getDelivery',
      tags: [tag],
      summary: 'Get a delivery',
      description: 'With its event and every attempt: status, duration, error class, the headers sent and what the endpoint answered.',
      request: { params: id },
      responses: { 200: ok('The delivery.', ZDelivery), ...errors(404) },
    });
    registry.registerPath({
      method: 'post',
      path: '/api/v1/deliveries/{id}/retry',
      operationId: 'retryDelivery',
      tags: [tag],
      summary: 'Retry a delivery',
      description: 'One immediate extra attempt, whatever the status; it replaces a scheduled one. 409 while the endpoint is disabled.',
      request: { params: id },
      responses: { 202: ok('Queued; the delivery as it is now.', ZDeliverySummary), ...errors(404, 409) },
    });
  },
};
