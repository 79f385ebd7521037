// Operational webhook endpoints: the operator's receivers of Hookline's own events. The
// same rules as any endpoint (lib/endpoints/schema.ts), with the event types limited to
// the three Hookline emits. zod only: the admin form shares it.
import { z } from 'zod';
import { ZCreateEndpoint } from '../endpoints/schema.ts';

export const OPERATIONAL_WEBHOOK_TYPES = ['endpoint.disabled', 'delivery.exhausted', 'endpoint.recovered'] as const;
export type OperationalWebhookType = (typeof OPERATIONAL_WEBHOOK_TYPES)[number];

export const ZCreateOperationalEndpoint = ZCreateEndpoint.pick({ url: true, description: true }).extend({
  // Empty = all three.
  eventTypes: z.array(z.enum(OPERATIONAL_WEBHOOK_TYPES, { error: `must be one of ${OPERATIONAL_WEBHOOK_TYPES.join(', ')}` })).max(3).default([]),
});
export type TCreateOperationalEndpoint = z.input<typeof ZCreateOperationalEndpoint>;
