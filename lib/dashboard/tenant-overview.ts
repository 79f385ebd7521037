// The overview page's headline numbers: the last 24 h of deliveries by status, and the
// endpoints that need attention (disabled, circuit open or probing, or failing since some time).
import { db } from '../db.ts';
import { idLowerBound } from './id-bounds.ts';

export async function tenantOverview(tenantId: string) {
  const fromId = idLowerBound('delivery', new Date(Date.now() - 24 * 3_600_000));
  const [byStatus, endpoints] = await Promise.all([
    db().delivery.groupBy({ by: ['status'], where: { tenantId, id: { gte: fromId } }, _count: { _all: true } }),
    db().endpoint.findMany({
      where: { tenantId },
      select: { id: true, url: true, disabledAt: true, disabledReason: true, failingSince: true, circuitState: true, circuitRetryAt: true },
      orderBy: { id: 'desc' },
    }),
  ]);
  const counts = { pending: 0, retrying: 0, succeeded: 0, failed: 0 };
  for (const row of byStatus) counts[row.status] = row._count._all;
  const total = counts.pending + counts.retrying + counts.succeeded + counts.failed;
  const finished = counts.succeeded + counts.failed;
  return {
    deliveries24h: { ...counts, total },
    successRate24h: finished ? counts.succeeded / finished : null,
    endpointCount: endpoints.length,
    attention: endpoints
      .filter((e) => e.disabledAt || e.failingSince || e.circuitState !== 'closed')
      .map((e) => ({
        id: e.id,
        url: e.url,
        disabledAt: e.disabledAt?.toISOString() ?? null,
        disabledReason: e.disabledReason,
        failingSince: e.failingSince?.toISOString() ?? null,
        circuitState: e.circuitState,
        nextProbeAt: e.circuitState === 'closed' ? null : (e.circuitRetryAt?.toISOString() ?? null),
      })),
  };
}

export type TenantOverview = Awaited<ReturnType<typeof tenantOverview>>;
