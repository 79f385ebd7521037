// Dashboard-only inputs (zod only here, so client forms share them). Endpoint, user and
// tenant forms use the API's own schemas in lib/endpoints, lib/users and lib/tenants.
import { z } from 'zod';
import { DELIVERY_STATUSES } from '../deliveries/schema.ts';

export const TIME_RANGES = { '1h': 1, '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

// What the deliveries page keeps in its URL.
export const ZDeliveryFilters = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  endpointId: z.string().min(1).max(64).optional().catch(undefined),
  eventType: z.string().min(1).max(128).optional().catch(undefined),
  eventId: z.string().trim().min(1).max(64).optional().catch(undefined),
  range: z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).optional().catch(undefined),
  // Older than this id (next page) or newer than it (previous page).
  cursor: z.string().min(1).max(64).optional().catch(undefined),
  before: z.string().min(1).max(64).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).default(25).catch(25),
});
export type TDeliveryFilters = z.infer<typeof ZDeliveryFilters>;

export const ZStatsQuery = z.object({
  endpointId: z.string().min(1).max(64).optional(),
  hours: z.coerce.number().int().min(1).max(24 * 7).default(24),
});

export const ZCreateApiKey = z.strictObject({
  name: z.string().trim().min(1, 'give the key a name, e.g. "production"').max(100, 'at most 100 characters'),
});
export type TCreateApiKey = z.input<typeof ZCreateApiKey>;

export const ZSetMembership = z.strictObject({
  role: z.enum(['admin', 'member']),
});
