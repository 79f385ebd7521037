// Consumer-side check of a `webhook-signature` header, for tests and the demo receiver.
// Mirrors the Standard Webhooks libraries: any matching `v1,` entry wins, and a
// timestamp more than 5 minutes off is refused so a captured request cannot be replayed.
import { timingSafeEqual } from 'node:crypto';
import { secretKey } from './secret.ts';
import { signatureDigest } from './sign-payload.ts';

// 300 s: the tolerance every Standard Webhooks library uses.
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type VerifyInput = {
  header: string;
  id: string;
  timestamp: number | string; // the `webhook-timestamp` header, raw or parsed
  body: string | Uint8Array;
  secret: string;
  toleranceSeconds?: number;
  now?: number; // ms since epoch
};

export function verifySignature({
  header,
  id,
  timestamp,
  body,
  secret,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
  now = Date.now(),
}: VerifyInput): boolean {
  const seconds = typeof timestamp === 'number' ? timestamp : parseTimestamp(timestamp);
  if (seconds === null || !Number.isSafeInteger(seconds) || seconds < 0) return false;
  if (Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;

  // Compare base64 text, as the reference libraries do: decoding first would let
  // Buffer.from's leniency accept a signature with junk characters spliced in.
  const expected = Buffer.from(signatureDigest(secretKey(secret), id, seconds, body).toString('base64'));
  let matched = false;
  for (const entry of header.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const given = Buffer.from(entry.slice(comma + 1));
    // timingSafeEqual throws on unequal lengths; the length of a digest is no secret.
    // No early exit, so the time taken does not reveal which entry matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

function parseTimestamp(text: string): number | null {
  return /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : null;
}
