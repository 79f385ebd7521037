// Which event types a tenant has registered (and not archived), for ingest. Ingest is the
// hot path (2,000 events/s), so it must not cost a query per event: each process keeps a
// tenant's list (name → id, updated_at, has a schema; no schemas themselves). The first
// event of a tenant loads it; once it is REFRESH_MS old, the next event starts a reload
// in the background and still uses the list it has (stale-while-revalidate: a reload never
// adds a round trip to a request). A process that creates, updates or archives a type
// drops that tenant's list, so the change applies to its very next event; other processes
// (more app instances) apply it within about REFRESH_MS. Kept on globalThis, so every route
// bundle Next builds shares one cache.
import { db } from '../db.ts';
import { logger } from '../observability/logger.ts';

export type RegisteredType = { id: string; name: string; updatedAt: Date; hasSchema: boolean };

/** How stale another process's change can be when an event arrives (docs/event-types.md). */
export const REFRESH_MS = 1_000;
// Tenants whose lists are kept; the least recently loaded is dropped past this.
const MAX_TENANTS = 10_000;

type Types = Map<string, RegisteredType>;
type Entry = { loadedAt: number; types: Promise<Types>; refreshing?: boolean };
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
  } else if (Date.now() - entry.loadedAt >= REFRESH_MS && !entry.refreshing) {
    refresh(tenants, tenantId, entry);
  }
  return (await entry.types).get(name);
}

/** After this process changed the tenant's catalog: its next event reads it afresh. */
export function invalidateRegisteredTypes(tenantId: string): void {
  cache().delete(tenantId);
}

function refresh(tenants: Cache, tenantId: string, stale: Entry): void {
  stale.refreshing = true;
  const startedAt = Date.now();
  loadTypes(tenantId).then(
    // Unless invalidated meanwhile (then a newer list is on its way already).
    (types) => tenants.get(tenantId) === stale && put(tenants, tenantId, { loadedAt: startedAt, types: Promise.resolve(types) }),
    (error: unknown) => {
      // The database is unreachable: ingest fails anyway; keep the list, try again in REFRESH_MS.
      stale.refreshing = false;
      stale.loadedAt = Date.now();
      logger.warn({ err: error, tenantId }, 'could not reload the event-type catalog; using the last one');
    },
  );
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
