import { db } from '../db.ts';
import { pageArgs, toPage } from '../pagination.ts';
import { ZEventQuery } from './schema.ts';
import { serializeEventSummary } from './serialize-event.ts';

/** GET /events — the tenant's events, newest first, without payloads (up to 1 MiB each). */
export async function listEvents(tenantId: string, query: Record<string, string>) {
  const filter = ZEventQuery.parse(query);
  const args = pageArgs(filter);
  const rows = await db().event.findMany({
    ...args,
    select: { id: true, type: true, createdAt: true },
    where: {
      ...args.where,
      tenantId,
      type: filter.type,
      createdAt: filter.since || filter.until ? { gte: date(filter.since), lt: date(filter.until) } : undefined,
    },
  });
  return toPage(rows, filter, serializeEventSummary);
}

const date = (text: string | undefined) => (text ? new Date(text) : undefined);
