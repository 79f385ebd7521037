// Endpoints across every tenant that need someone: disabled (by a user, or by the worker
// after failing too long) and failing (no success since failing_since). Disabled first,
// newest first; then the longest-failing first.
import { db } from '../db.ts';

export type AttentionEndpoint = {
  id: string;
  url: string;
  tenantId: string;
  tenantName: string;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
};

export type EndpointsNeedingAttention = { disabled: number; failing: number; rows: AttentionEndpoint[] };

export async function endpointsNeedingAttention(limit = 50): Promise<EndpointsNeedingAttention> {
  const disabledWhere = { disabledAt: { not: null } };
  const failingWhere = { disabledAt: null, failingSince: { not: null } };
  const [disabled, failing, rows] = await Promise.all([
    db().endpoint.count({ where: disabledWhere }),
    db().endpoint.count({ where: failingWhere }),
    db().endpoint.findMany({
      where: { OR: [disabledWhere, failingWhere] },
      select: { id: true, url: true, tenantId: true, disabledAt: true, disabledReason: true, failingSince: true, tenant: { select: { name: true } } },
      orderBy: [{ disabledAt: { sort: 'desc', nulls: 'last' } }, { failingSince: 'asc' }, { id: 'asc' }],
      take: limit,
    }),
  ]);
  return {
    disabled,
    failing,
    rows: rows.map((e) => ({
      id: e.id,
      url: e.url,
      tenantId: e.tenantId,
      tenantName: e.tenant.name,
      disabledAt: e.disabledAt?.toISOString() ?? null,
      disabledReason: e.disabledReason,
      failingSince: e.failingSince?.toISOString() ?? null,
    })),
  };
}
