// Endpoint input schemas, shared by the API and the dashboard's forms (zod only here).
import { z } from 'zod';
import { zDateTime } from '../util/zod-date-time.ts';

// Postgres text can't hold NUL: refused here with the field named, not a 500 later.
export const ZText = z.string().refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

const ZUrl = ZText
  .trim()
  .min(1, 'url is required')
  .max(2048, 'url is longer than 2048 characters')
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http:// or https:// URL');

export const ZEventType = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:\-/]+$/, 'event types use letters, digits and . _ - : /');

// Requests per second to one endpoint, shared by every worker; null = unlimited. One
// message for every way to miss, so the form can show it as is.
const RATE_LIMIT_RANGE = 'rate limit must be a whole number from 1 to 100000 per second';
const ZRateLimit = z.number({ error: RATE_LIMIT_RANGE }).int(RATE_LIMIT_RANGE).min(1, RATE_LIMIT_RANGE).max(100_000, RATE_LIMIT_RANGE);

export const ZCreateEndpoint = z.strictObject({
  url: ZUrl,
  description: ZText.max(500).default(''),
  // Empty = every event type.
  eventTypes: z.array(ZEventType).max(100).default([]),
  rateLimitPerSecond: ZRateLimit.nullable().default(null),
  // Deliver in acceptance order: a later delivery waits while an earlier one is pending or retrying.
  ordered: z.boolean().default(false),
});
export type TCreateEndpoint = z.input<typeof ZCreateEndpoint>;

export const ZUpdateEndpoint = z.strictObject({
  url: ZUrl.optional(),
  description: ZText.max(500).optional(),
  eventTypes: z.array(ZEventType).max(100).optional(),
  rateLimitPerSecond: ZRateLimit.nullable().optional(),
  ordered: z.boolean().optional(),
  // false re-enables an endpoint (also one the worker disabled); true disables it by hand.
  disabled: z.boolean().optional(),
});
export type TUpdateEndpoint = z.input<typeof ZUpdateEndpoint>;

export const ZRotateSecret = z.strictObject({
  // How long the old secret keeps signing alongside the new one. 24 h by default.
  graceHours: z.number().min(0).max(24 * 30).default(24),
});
export type TRotateSecret = z.input<typeof ZRotateSecret>;

export const ZRecoverEndpoint = z.strictObject({
  since: zDateTime('since must be an ISO 8601 date-time'),
  until: zDateTime().optional(),
});
export type TRecoverEndpoint = z.input<typeof ZRecoverEndpoint>;
