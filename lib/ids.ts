// Ids are a type prefix plus a ULID-style body: 48 bits of milliseconds and 80 random
// bits in Crockford base32, so ids sort by creation time and cursor pagination can
// order by id alone. The event id doubles as the `webhook-id` consumers dedupe on.
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const ID_PREFIX = {
  tenant: 'tnt',
  user: 'usr',
  apiKey: 'key',
  endpoint: 'ep',
  secret: 'sec',
  event: 'msg',
  delivery: 'dlv',
  attempt: 'atm',
  operationalEvent: 'opev',
  eventType: 'etyp',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

export function newId(kind: IdKind, now = Date.now()): string {
  const bytes = random16();
  let random = '';
  for (let i = 0; i < 16; i++) random += ALPHABET[bytes[i]! % 32];
  return `${idTimePrefix(kind, now)}${random}`;
}

// Random bytes from the CSPRNG 4 KiB at a time, as nanoid and uuid draw them: one call
// per 256 ids instead of one per id (randomBytes(16) was 1.5 % of a draining worker's
// time: the attempt id of every delivery).
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
let used = POOL_BYTES;

function random16(): Uint8Array {
  if (used + 16 > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  used += 16;
  return pool.subarray(used - 16, used);
}

/**
 * The prefix and time part of an id. Fan-out mints delivery ids in SQL from it, adding
 * 16 random hex digits (64 bits; hex digits are a subset of the alphabet), so one
 * statement can create a delivery for every matching endpoint.
 */
export function idTimePrefix(kind: IdKind, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${ID_PREFIX[kind]}_${time}`;
}
