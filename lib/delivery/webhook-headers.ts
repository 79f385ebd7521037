// The headers of one attempt, per Standard Webhooks. webhook-id is the event id, the
// same on every retry and for every endpoint: the consumer's idempotency key.
import { signPayload } from '../signing/sign-payload.ts';

export const USER_AGENT = 'Hookline/0.1 (+https://www.standardwebhooks.com)';

export function webhookHeaders(args: { eventId: string; body: string; secrets: string[]; now: Date }): Record<string, string> {
  const timestamp = Math.floor(args.now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': args.eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signPayload({ id: args.eventId, timestamp, body: args.body, secrets: args.secrets }),
  };
}
