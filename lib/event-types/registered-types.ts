// Which event types a tenant has registered (and not archived), for ingest. Ingest is the
// hot path (2,000 events/s), so it must not cost a query per event: each process keeps a
// tenant's list (name → id, updated_at, has a schema; no schemas themselves). The first
// event of a tenant loads it; once it is REFRESH_MS old, the next event reloads it and
// waits for the reload (one query, shared by the events arriving meanwhile): at most one
// query per tenant per second. Using the old list instead would check the first event
// after an hour of quiet against an hour-old schema, and a 400 is final for producers.
// A process that creates, updates or archives a type drops that tenant's list, so the
// change applies to its very next event; other processes (more app instances) apply it
// within about REFRESH_MS. Kept on globalThis, so every route bundle Next builds shares
// one cache.
import { db } from '../db.ts';
import { logger } from '../observability/logger.ts';

export type RegisteredType = { id: string; name: string; updatedAt: Date; hasSchema: boolean };

/** How stale another process's change can be when an event arrives (docs/event-types.md). */
export const REFRESH_MS = 1_000;
// Tenants whose lists are kept; the least recently loaded is dropped past this.
const MAX_TENANTS = 10_000;

type Types = Map<string, RegisteredType>;
type Entry = { loadedAt: number; types: Promise<Types> };
type Cache = Map<string, Entry>;
const holder = globalThis as unknown as { __hooklineRegisteredTypes?: Cache };
const cache = (): Cache => (holder.__hooklineRegisteredTypes ??= new Map());

export async function registeredType(tenantId: string, name: string): Promise<RegisteredType | undefined> {
  const tenants = cache();
  let entry = tenants.get(tenantId);
  if (!entry) {
    const loading: Entry = { loadedAt: Date.now(), types: loadTypes(tenantId) };
    // A failed first load is not kept: the next event tries again.
    loading.types.catch(() => tenants.get(tenantId) === loading && tenants.delete(tenantId));
    put(tenants, tenantId, loading);
    entry = loading;
  } else if (Date.now() - entry.loadedAt >= REFRESH_MS) {
    entry = reload(tenants, tenantId, entry);
  }
  return (await entry.types).get(name);
}

/** After this process changed the tenant's catalog: its next event reads it afresh. */
export function invalidateRegisteredTypes(tenantId: string): void {
  cache().delete(tenantId);
}

// The new entry is cached at once (loadedAt = when the query started), so the events that
// arrive while it runs wait for the same query instead of starting their own.
function reload(tenants: Cache, tenantId: string, stale: Entry): Entry {
  const fresh: Entry = {
    loadedAt: Date.now(),
    types: loadTypes(tenantId).catch(async (error: unknown) => {
      // The database is unreachable: ingest fails anyway; use the last list, try again in REFRESH_MS.
      logger.warn({ err: error, tenantId }, 'could not reload the event-type catalog; using the last one');
      return stale.types;
    }),
  };
  put(tenants, tenantId, fresh);
  return fresh;
}

function put(tenants: Cache, tenantId: string, entry: Entry): void {
  tenants.delete(tenantId);
  tenants.set(tenantId, entry);
  if (tenants.size > MAX_TENANTS) tenants.delete(tenants.keys().next().value!);
}

async function loadTypes(tenantId: string): Promise<Types> {
  const rows = await db().$queryRaw<{ id: string; name: string; updated_at: Date; has_schema: boolean }[]>`
    select id, name, updated_at, schema is not null and schema <> 'null'::jsonb as has_schema
      from event_types where tenant_id = ${tenantId} and archived_at is null`;
  return new Map(rows.map((r) => [r.name, { id: r.id, name: r.name, updatedAt: r.updated_at, hasSchema: r.has_schema }]));
}
