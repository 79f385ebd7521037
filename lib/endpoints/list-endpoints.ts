import { db } from '../db.ts';
import { pageArgs, toPage, ZPageQuery } from '../pagination.ts';
import { serializeEndpoint } from './serialize-endpoint.ts';

export async function listEndpoints(tenantId: string, query: Record<string, string>) {
  const page = ZPageQuery.parse(query);
  const args = pageArgs(page);
  const rows = await db().endpoint.findMany({ ...args, where: { ...args.where, tenantId } });
  return toPage(rows, page, serializeEndpoint);
}
