// Everything an attempt needs, in one query: the delivery's token, the stored body, the
// endpoint's URL and state, and the version of its signing keys. The keys themselves
// (current first) come from a per-process cache of each endpoint's endpoint_secrets rows,
// read again when the endpoint's secrets_version has moved past the cached one (a trigger
// bumps it on every write to its secrets): one more query for a batch's misses. Reading
// them in the load, two subqueries a row, was more than half of its Postgres CPU (10–11
// against 4.8 µs a row, docs/benchmark.md "Eleventh round"). Expiry is checked here, at
// load time, as the query did. Ed25519 endpoints get imported private keys from a
// per-process cache too; a key not in it yet is decrypted and imported once.
import type { CircuitState, DeliveryStatus, SignatureScheme } from '../generated/prisma/client.ts';
import type { SigningKey } from './webhook-headers.ts';
import { ed25519KeyCache } from '../signing/sign-ed25519-key-cache.ts';
import { ed25519PrivateKey } from '../signing/sign-ed25519.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { db, queryPrepared } from '../db.ts';
import { env } from '../env.ts';
import { decryptSecret } from '../crypto/encryption.ts';
import { microBatch } from '../util/micro-batch.ts';

export type LoadedDelivery = {
  id: string;
  tenantId: string;
  /** When the event was accepted: the start of its accepted-to-delivered latency. */
  createdAt: Date;
  status: DeliveryStatus;
  attemptCount: number;
  jobToken: string | null;
  eventId: string;
  body: string;
  endpointId: string;
  url: string;
  disabledAt: Date | null;
  disabledReason: string | null;
  ordered: boolean;
  rateLimitPerSecond: number | null;
  circuitState: CircuitState;
  circuitRetryAt: Date | null;
  /** whsec_ strings (HMAC) or Ed25519 private keys, current first. */
  secrets: SigningKey[];
};

type Row = {
  id: string;
  tenant_id: string;
  created_at: Date;
  status: DeliveryStatus;
  attempt_count: number;
  job_token: string | null;
  event_id: string;
  body: string;
  endpoint_id: string;
  url: string;
  disabled_at: Date | null;
  disabled_reason: string | null;
  ordered: boolean;
  rate_limit_per_second: number | null;
  circuit_state: CircuitState;
  circuit_retry_at: Date | null;
  signature_scheme: SignatureScheme;
  secrets_version: number;
};

// Jobs handed out together by the worker's local queue load together: one query for
// all of them (lib/util/micro-batch.ts).
// Up to 8 statements in flight: a job waits for the database, not for other jobs'
// batches (isolation bench: healthy p50 1.0–1.5 s with 8 against 1.2–2.0 s with 2).
const loadBatch = microBatch(loadDeliveries, { maxSize: 100, key: (id: string) => id, maxInFlight: 8 });

// Deliveries loaded ahead, when graphile-worker's local queue fetched their jobs: one
// statement for the whole fetch instead of one per few jobs as they start, and off each
// job's critical path. A row is used only while this fresh: the same read made when the
// job starts can be as old as the attempt is long, and a job left waiting longer (every
// slot busy, or handed back to the queue) reads again.
export const PREFETCH_FRESH_MS = 500;
type Prefetched = { at: number; loaded: Promise<LoadedDelivery | null> };
const prefetched = new Map<string, Prefetched>();

/** Starts loading these deliveries in one statement; `loadDelivery` takes each result once. */
export function prefetchDeliveries(ids: string[]): void {
  const now = Date.now();
  for (const [id, entry] of prefetched) if (now - entry.at > PREFETCH_FRESH_MS) prefetched.delete(id);
  const wanted = [...new Set(ids)].filter((id) => !prefetched.has(id));
  if (wanted.length === 0) return;
  const all = loadDeliveries(wanted);
  wanted.forEach((id, i) => {
    const loaded = all.then((rows) => rows[i]!);
    // A failed prefetch is only a miss: the job's own load reads again (and reports).
    loaded.catch(() => {
      if (prefetched.get(id)?.loaded === loaded) prefetched.delete(id);
    });
    prefetched.set(id, { at: now, loaded });
  });
}

export function loadDelivery(deliveryId: string): Promise<LoadedDelivery | null> {
  const entry = prefetched.get(deliveryId);
  if (entry) {
    prefetched.delete(deliveryId);
    if (Date.now() - entry.at <= PREFETCH_FRESH_MS) return entry.loaded;
  }
  return loadBatch(deliveryId);
}

async function loadDeliveries(ids: string[]): Promise<(LoadedDelivery | null)[]> {
  const now = Date.now();
  const rows = await queryPrepared<Row>('hookline_load_deliveries', Prisma.sql`
    select d.id, d.tenant_id, d.created_at, d.status, d.attempt_count, d.job_token, e.id as event_id, e.body, ep.id as endpoint_id, ep.url, ep.disabled_at, ep.disabled_reason,
           ep.ordered, ep.rate_limit_per_second, ep.circuit_state, ep.circuit_retry_at, ep.signature_scheme, ep.secrets_version
      from deliveries d
      join events e on e.id = d.event_id
      join endpoints ep on ep.id = d.endpoint_id
     where d.id = any(${ids}::text[])`);
  await readStaleSecrets(rows);
  const key = env().HOOKLINE_ENCRYPTION_KEY;
  // Each endpoint's keys once per batch, shared by its rows (read only).
  const keys = new Map<string, SigningKey[]>();
  const ed25519Ids = new Map<string, string[]>();
  for (const row of rows) {
    if (keys.has(row.endpoint_id) || ed25519Ids.has(row.endpoint_id)) continue;
    const valid = validSecrets(endpointSecrets.get(row.endpoint_id), now);
    const ed25519 = row.signature_scheme === 'ed25519' ? valid.filter((s) => s.scheme === 'ed25519').map((s) => s.id) : [];
    if (ed25519.length > 0) ed25519Ids.set(row.endpoint_id, ed25519);
    else keys.set(row.endpoint_id, valid.filter((s) => s.scheme === 'hmac_sha256').map((s) => decryptedSecret(s.ciphertext, key)));
  }
  await cacheEd25519Keys([...ed25519Ids.values()].flat(), key);
  // A key deleted between the two queries (endpoint deleted) is left out; with none left
  // the attempt refuses to sign (webhook-headers.ts) and the job fails alone.
  for (const [endpointId, secretIds] of ed25519Ids) keys.set(endpointId, secretIds.flatMap((secretId) => ed25519KeyCache.get(secretId) ?? []));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    return row ? toLoaded(row, keys.get(row.endpoint_id) ?? []) : null;
  });
}

function toLoaded(row: Row, secrets: SigningKey[]): LoadedDelivery {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    createdAt: row.created_at,
    status: row.status,
    attemptCount: row.attempt_count,
    jobToken: row.job_token,
    eventId: row.event_id,
    body: row.body,
    endpointId: row.endpoint_id,
    url: row.url,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    ordered: row.ordered,
    rateLimitPerSecond: row.rate_limit_per_second,
    circuitState: row.circuit_state,
    circuitRetryAt: row.circuit_retry_at,
    secrets,
  };
}

/** An endpoint's endpoint_secrets rows, current first (as signing takes them), and the secrets_version they were read at. */
type CachedSecrets = { version: number; secrets: { id: string; ciphertext: string; scheme: SignatureScheme; expiresAt: number | null }[] };

// Bounded like the caches below: the oldest entries go first past it, and are read again.
const MAX_ENDPOINTS = 10_000;
const endpointSecrets = new Map<string, CachedSecrets>();

/** Reads, in one query, the secrets of the rows' endpoints not cached at their version or a later one. */
async function readStaleSecrets(rows: Row[]): Promise<void> {
  const stale = new Set<string>();
  for (const row of rows) if ((endpointSecrets.get(row.endpoint_id)?.version ?? -1) < row.secrets_version) stale.add(row.endpoint_id);
  if (stale.size === 0) return;
  // The version and the rows in one snapshot, so an entry never claims a version its rows are older than.
  const found = await queryPrepared<{ endpoint_id: string; secrets_version: number; id: string | null; ciphertext: string | null; scheme: SignatureScheme | null; expires_at: Date | null }>('hookline_endpoint_secrets', Prisma.sql`
    select ep.id as endpoint_id, ep.secrets_version, s.id, s.ciphertext, s.scheme, s.expires_at
      from endpoints ep
      left join endpoint_secrets s on s.endpoint_id = ep.id
     where ep.id = any(${[...stale]}::text[])
     order by ep.id, s.expires_at desc nulls first, s.created_at desc`);
  const read = new Map<string, CachedSecrets>();
  for (const r of found) {
    let entry = read.get(r.endpoint_id);
    if (!entry) read.set(r.endpoint_id, (entry = { version: r.secrets_version, secrets: [] }));
    if (r.id !== null) entry.secrets.push({ id: r.id, ciphertext: r.ciphertext!, scheme: r.scheme!, expiresAt: r.expires_at?.getTime() ?? null });
  }
  for (const endpointId of stale) {
    const entry = read.get(endpointId);
    const cached = endpointSecrets.get(endpointId);
    // Gone (endpoint deleted): nothing to sign with. Another load may have read a later version meanwhile: it stays.
    if (!entry) endpointSecrets.delete(endpointId);
    else if (!cached || cached.version <= entry.version) {
      endpointSecrets.delete(endpointId);
      if (endpointSecrets.size >= MAX_ENDPOINTS) endpointSecrets.delete(endpointSecrets.keys().next().value!);
      endpointSecrets.set(endpointId, entry);
    }
  }
}

/** The secrets that sign at `now`: not expired (a rotated-out secret signs until its expires_at). */
function validSecrets(entry: CachedSecrets | undefined, now: number): CachedSecrets['secrets'] {
  if (!entry) return [];
  return entry.secrets.every((s) => s.expiresAt === null) ? entry.secrets : entry.secrets.filter((s) => s.expiresAt === null || s.expiresAt > now);
}

// HMAC secrets decrypted once per process, not once per attempt (AES-GCM was ~1.5 % of
// a draining worker's CPU), keyed by their ciphertext: a rotated secret is a new
// ciphertext, and the oldest entries go first past the bound.
const MAX_DECRYPTED = 10_000;
const decrypted = new Map<string, { key: string; secret: string }>();

function decryptedSecret(ciphertext: string, key: string): string {
  const cached = decrypted.get(ciphertext);
  if (cached?.key === key) return cached.secret;
  const secret = decryptSecret(ciphertext, key);
  if (decrypted.size >= MAX_DECRYPTED) decrypted.delete(decrypted.keys().next().value!);
  decrypted.set(ciphertext, { key, secret });
  return secret;
}

/** Decrypts and imports the keys the cache lacks, all in one query. */
async function cacheEd25519Keys(secretIds: string[], encryptionKey: string): Promise<void> {
  const missing = [...new Set(secretIds)].filter((secretId) => !ed25519KeyCache.get(secretId));
  if (missing.length === 0) return;
  const rows = await db().$queryRaw<{ id: string; ciphertext: string }[]>`
    select id, ciphertext from endpoint_secrets where id = any(${missing}::text[]) and scheme = 'ed25519'`;
  for (const row of rows) ed25519KeyCache.set(row.id, ed25519PrivateKey(decryptSecret(row.ciphertext, encryptionKey)));
}
