import { z } from 'zod';
import { zDateTime } from '../util/zod-date-time.ts';
import { ZPageQuery } from '../pagination.ts';

export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;

export const ZDeliveryQuery = ZPageQuery.extend({
  status: z.enum(DELIVERY_STATUSES).optional(),
  endpointId: z.string().min(1).max(64).optional(),
  eventId: z.string().min(1).max(64).optional(),
  eventType: z.string().min(1).max(128).optional(),
  since: zDateTime().optional(),
  until: zDateTime().optional(),
});
export type TDeliveryQuery = z.input<typeof ZDeliveryQuery>;
