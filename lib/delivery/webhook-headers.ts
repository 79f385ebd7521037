// The headers of one attempt, per Standard Webhooks. webhook-id is the event id, the
// same on every retry and for every endpoint: the consumer's idempotency key.
import type { KeyObject } from 'node:crypto';
import { ed25519SignatureFor } from '../signing/sign-ed25519.ts';
import { signatureFor, signPayload } from '../signing/sign-payload.ts';

export const USER_AGENT = 'Hookline/0.1 (+https://www.standardwebhooks.com)';

/**
 * `secrets`: the keys that sign right now, current first: whsec_ strings (HMAC, `v1,`
 * entries) or imported Ed25519 private keys (`v1a,` entries). During a rotation grace
 * each valid key adds its own entry, space-separated.
 */
export function webhookHeaders(args: { eventId: string; body: string; secrets: SigningKey[]; now: Date }): Record<string, string> {
  const timestamp = Math.floor(args.now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': args.eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(args.eventId, timestamp, args.body, args.secrets),
  };
}

export type SigningKey = string | KeyObject;

function signatureHeader(id: string, timestamp: number, body: string, keys: SigningKey[]): string {
  // HMAC endpoints take the same single call as ever. signPayload also refuses an empty
  // list, so a delivery that lost every key never goes out unsigned.
  if (keys.every((key) => typeof key === 'string')) return signPayload({ id, timestamp, body, secrets: keys as string[] });
  return keys
    .map((key) => (typeof key === 'string' ? signatureFor(key, id, timestamp, body) : ed25519SignatureFor(key, id, timestamp, body)))
    .join(' ');
}
