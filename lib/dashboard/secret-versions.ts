// The endpoint's signing secrets without their values: the current one and those still
// in a rotation grace, with expiry. Values are fetched only on "reveal".
import { db } from '../db.ts';
import { findEndpoint } from '../endpoints/find-endpoint.ts';

export async function secretVersions(tenantId: string, endpointId: string, now = new Date()) {
  const endpoint = await findEndpoint(tenantId, endpointId);
  const rows = await db().endpointSecret.findMany({
    where: { endpointId: endpoint.id, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: 'desc' },
    select: { id: true, createdAt: true, expiresAt: true },
  });
  return rows.map((r) => ({ id: r.id, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt?.toISOString() ?? null, current: r.expiresAt === null }));
}

export type SecretVersion = Awaited<ReturnType<typeof secretVersions>>[number];
