// The deliveries table: lib/deliveries' summary plus the event type and endpoint URL a
// person scans for, with cursor paging both ways (`cursor` = older, `before` = newer).
import { db } from '../db.ts';
import { serializeDeliverySummary } from '../deliveries/serialize-delivery.ts';
import { idLowerBound } from './id-bounds.ts';
import { TIME_RANGES, ZDeliveryFilters } from './schema.ts';

export async function listDeliveryRows(tenantId: string, query: Record<string, string | undefined>) {
  const f = ZDeliveryFilters.parse(query);
  const since = f.range ? idLowerBound('delivery', new Date(Date.now() - TIME_RANGES[f.range] * 3_600_000)) : undefined;
  const idRange = { ...(since ? { gte: since } : {}), ...(f.cursor ? { lt: f.cursor } : {}), ...(f.before ? { gt: f.before } : {}) };
  const rows = await db().delivery.findMany({
    where: {
      tenantId,
      id: idRange,
      status: f.status,
      endpointId: f.endpointId,
      eventId: f.eventId,
      event: f.eventType ? { type: f.eventType } : undefined,
    },
    include: { event: { select: { type: true } }, endpoint: { select: { url: true } } },
    orderBy: { id: f.before ? 'asc' : 'desc' },
    take: f.limit + 1,
  });
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  if (f.before) page.reverse();
  const data = page.map((row) => ({ ...serializeDeliverySummary(row), eventType: row.event.type, endpointUrl: row.endpoint.url }));
  const first = data[0]?.id ?? null;
  const last = data[data.length - 1]?.id ?? null;
  return {
    data,
    // Paging forward: more older rows exist. Paging back: we came from older rows.
    nextCursor: (f.before ? last !== null : more) ? last : null,
    prevCursor: (f.before ? more : Boolean(f.cursor)) ? first : null,
  };
}

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveryRows>>['data'][number];
