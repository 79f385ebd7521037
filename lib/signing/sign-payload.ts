// The `webhook-signature` header (Standard Webhooks): `v1,<base64 HMAC-SHA256>` over
// "<id>.<timestamp>.<body>", one entry per valid secret so consumers can rotate without
// a gap. The body is the exact bytes sent: re-serializing JSON would change key order or
// spacing and break every consumer's verification.
import { createHmac } from 'node:crypto';
import { secretKey } from './secret.ts';

export type SignInput = {
  id: string;
  timestamp: number; // integer Unix seconds, the `webhook-timestamp` header
  body: string | Uint8Array;
  secrets: string[];
};

export function signatureDigest(
  key: Buffer,
  id: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): Buffer {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error(`webhook timestamp must be integer Unix seconds, got ${timestampSeconds}`);
  }
  // Two updates instead of string concatenation so a Buffer body is hashed as-is.
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.`).update(body).digest();
}

// Each secret checked and decoded once per process, not once per signature (~1 % of a
// draining worker's CPU); the oldest entries go first past the bound.
const MAX_KEYS = 10_000;
const keys = new Map<string, Buffer>();

function cachedKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = secretKey(secret);
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(secret, key);
  }
  return key;
}

export function signatureFor(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): string {
  const digest = signatureDigest(cachedKey(secret), id, timestampSeconds, body);
  return `v1,${digest.toString('base64')}`;
}

export function signPayload({ id, timestamp, body, secrets }: SignInput): string {
  // An empty header would fail every consumer silently; it means a caller lost the secrets.
  if (secrets.length === 0) throw new Error('signPayload needs at least one secret');
  return secrets.map((secret) => signatureFor(secret, id, timestamp, body)).join(' ');
}
