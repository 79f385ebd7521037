import { db } from '../db.ts';
import { pageArgs, toPage } from '../pagination.ts';
import { ZDeliveryQuery } from './schema.ts';
import { serializeDeliverySummary } from './serialize-delivery.ts';

export async function listDeliveries(tenantId: string, query: Record<string, string>) {
  const filter = ZDeliveryQuery.parse(query);
  const args = pageArgs(filter);
  const rows = await db().delivery.findMany({
    ...args,
    where: {
      ...args.where,
      tenantId,
      status: filter.status,
      endpointId: filter.endpointId,
      eventId: filter.eventId,
      event: filter.eventType ? { type: filter.eventType } : undefined,
      createdAt: filter.since || filter.until ? { gte: date(filter.since), lt: date(filter.until) } : undefined,
    },
  });
  return toPage(rows, filter, serializeDeliverySummary);
}

const date = (text: string | undefined) => (text ? new Date(text) : undefined);
