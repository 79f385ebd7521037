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
  url: ZUrl.describe('Where webhooks are POSTed: http(s), not a private, loopback or metadata address.'),
  description: ZText.max(500).default('').describe('A note for people.'),
  // Empty = every event type.
  eventTypes: z.array(ZEventType).max(100).default([]).describe('Event types this endpoint receives; empty = all.'),
  rateLimitPerSecond: ZRateLimit.nullable().default(null).describe('At most this many requests per second, across all workers; null = unlimited.'),
  // Deliver in acceptance order: a later delivery waits while an earlier one is pending or retrying.
  ordered: z.boolean().default(false).describe('Deliver in acceptance order: a later event waits while an earlier one is pending or retrying.'),
  // Standard Webhooks `v1,` (HMAC, a shared whsec_ secret) or `v1a,` (Ed25519: the consumer
  // holds only the whpk_ public key). Fixed at creation.
  signatureScheme: z.enum(['hmac-sha256', 'ed25519'], { error: 'signatureScheme must be "hmac-sha256" or "ed25519"' }).default('hmac-sha256'),
});
export type TCreateEndpoint = z.input<typeof ZCreateEndpoint>;

export const ZUpdateEndpoint = z.strictObject({
  url: ZUrl.optional().describe('A new URL; the same rules as at creation.'),
  description: ZText.max(500).optional(),
  eventTypes: z.array(ZEventType).max(100).optional().describe('Replaces the filter; empty = all.'),
  rateLimitPerSecond: ZRateLimit.nullable().optional().describe('null removes the limit.'),
  ordered: z.boolean().optional(),
  // false re-enables an endpoint (also one the worker disabled); true disables it by hand.
  disabled: z.boolean().optional().describe('true disables by hand; false re-enables (also an endpoint Hookline disabled), with a fresh failure clock.'),
});
export type TUpdateEndpoint = z.input<typeof ZUpdateEndpoint>;

export const ZRotateSecret = z.strictObject({
  // How long the old secret keeps signing alongside the new one. 24 h by default.
  graceHours: z.number().min(0).max(24 * 30).default(24).describe('How long the old secret keeps signing beside the new one (0–720).'),
});
export type TRotateSecret = z.input<typeof ZRotateSecret>;

export const ZRecoverEndpoint = z.strictObject({
  since: zDateTime('since must be an ISO 8601 date-time').describe('Deliveries created at or after this instant…'),
  until: zDateTime().optional().describe('…and before this one (default: now).'),
});
export type TRecoverEndpoint = z.input<typeof ZRecoverEndpoint>;

// Responses. serialize-endpoint.ts returns ZEndpoint's type and lib/openapi checks the
// other answers against theirs at compile time; the OpenAPI document is built from them.
const ZInstant = z.iso.datetime();
const ZSecret = z.string().describe('`whsec_` + base64 of the HMAC key; keep it secret.');
const ZPublicKey = z.string().describe('`whpk_` + base64 of the Ed25519 public key the consumer verifies with.');

export const ZEndpoint = z
  .object({
    id: z.string().describe('The endpoint id, `ep_…`.'),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()).describe('Event types it receives; empty = all.'),
    rateLimitPerSecond: z.number().int().nullable().describe('Requests per second across all workers; null = unlimited.'),
    ordered: z.boolean().describe('Delivered in acceptance order.'),
    signatureScheme: ZCreateEndpoint.shape.signatureScheme.unwrap().describe('hmac-sha256: `v1,` signatures with a shared secret; ed25519: `v1a,` signatures.'),
    disabled: z.boolean(),
    disabledAt: ZInstant.nullable(),
    disabledReason: z.string().nullable().describe('Why it was disabled: by a user, 410 Gone, or failing for too long.'),
    failingSince: ZInstant.nullable().describe('Since the first failure after the last success; null while healthy.'),
    circuit: z
      .object({
        state: z.enum(['closed', 'open', 'half_open']).describe('closed: deliveries flow; open: they wait; half_open: one probe is in flight.'),
        consecutiveFailures: z.number().int(),
        openedAt: ZInstant.nullable(),
        nextProbeAt: ZInstant.nullable().describe('While not closed: when the next probe goes.'),
      })
      .describe('The circuit breaker: while not closed, deliveries are held and one probe at a time finds out when the endpoint is back.'),
    createdAt: ZInstant,
    updatedAt: ZInstant,
  })
  .meta({ id: 'Endpoint', description: 'Where a tenant receives webhooks. Never carries the secret.' });
export type TEndpoint = z.infer<typeof ZEndpoint>;

export const ZCreatedEndpoint = z
  .union([
    ZEndpoint.extend({ secret: ZSecret.describe('The signing secret, shown this once.') }).meta({ id: 'EndpointWithSecret' }),
    ZEndpoint.extend({ publicKey: ZPublicKey }).meta({ id: 'EndpointWithPublicKey' }),
  ])
  .meta({ id: 'CreatedEndpoint', description: 'The new endpoint with its secret (hmac-sha256) or public key (ed25519).' });
export type TCreatedEndpoint = z.infer<typeof ZCreatedEndpoint>;

export const ZEndpointPage = z
  .object({
    data: z.array(ZEndpoint),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last one.'),
  })
  .meta({ id: 'EndpointPage' });
export type TEndpointPage = z.infer<typeof ZEndpointPage>;

const ZGrace = { createdAt: ZInstant, expiresAt: ZInstant.nullable().describe('When it stops signing.') };
export const ZEndpointSecrets = z
  .union([
    z.object({
      secret: ZSecret.nullable().describe('The current secret.'),
      previous: z.array(z.object({ secret: ZSecret, ...ZGrace })).describe('Rotated-out secrets still signing during their grace.'),
    }).meta({ id: 'EndpointSecrets' }),
    z.object({
      scheme: z.literal('ed25519'),
      publicKey: ZPublicKey.nullable().describe('The current public key.'),
      previous: z.array(z.object({ publicKey: ZPublicKey, ...ZGrace })).describe('Rotated-out keys still signing during their grace.'),
    }).meta({ id: 'EndpointPublicKeys' }),
  ])
  .meta({ id: 'EndpointSigningKeys', description: 'What verifies this endpoint\'s webhooks right now.' });
export type TEndpointSecrets = z.infer<typeof ZEndpointSecrets>;

const ZPreviousExpiry = ZInstant.describe('When the previous secret stops signing.');
export const ZRotatedSecret = z
  .union([
    z.object({ secret: ZSecret.describe('The new secret, shown this once.'), previousSecretExpiresAt: ZPreviousExpiry }),
    z.object({ scheme: z.literal('ed25519'), publicKey: ZPublicKey.describe('The new public key.'), previousSecretExpiresAt: ZPreviousExpiry }),
  ])
  .meta({ id: 'RotatedSecret' });
export type TRotatedSecret = z.infer<typeof ZRotatedSecret>;

export const ZRecoverResult = z
  .object({
    recovered: z.number().int().describe('Failed deliveries given one more attempt.'),
    since: ZInstant,
    until: ZInstant,
  })
  .meta({ id: 'RecoverResult' });
export type TRecoverResult = z.infer<typeof ZRecoverResult>;
