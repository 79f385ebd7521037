// Endpoints across every tenant that need someone: disabled (by a user, or by the worker
// after failing too long or a 410 Gone), circuit open or probing (deliveries held by the
// breaker, lib/delivery/circuit-breaker.ts) and failing (no success since failing_since,
// circuit still closed). The three are disjoint. Disabled first, newest first; then the
// broken circuits; then the longest-failing first. Not the canary's endpoint: the
// canary card shows its state. The operator's own receivers of operational webhooks do
// show: their failures send no webhook (no loops, emit-operational-webhook.ts), so
// this list is where the operator sees one is down.
import type { CircuitState } from '../generated/prisma/client.ts';
import { CANARY_TENANT_ID } from '../canary/canary-ids.ts';
import { db } from '../db.ts';

export type AttentionEndpoint = {
  id: string;
  url: string;
  tenantId: string;
  tenantName: string;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  circuitState: CircuitState;
  consecutiveFailures: number;
  circuitOpenedAt: string | null;
  /** While not closed: when the probe may go (open), or the in-flight probe's lease runs out (half_open). */
  nextProbeAt: string | null;
};

export type EndpointsNeedingAttention = { disabled: number; circuitOpen: number; failing: number; rows: AttentionEndpoint[] };

export async function endpointsNeedingAttention(limit = 50): Promise<EndpointsNeedingAttention> {
  const tenants = { tenantId: { not: CANARY_TENANT_ID } };
  const disabledWhere = { ...tenants, disabledAt: { not: null } };
  const circuitWhere = { ...tenants, disabledAt: null, circuitState: { not: 'closed' as const } };
  const failingWhere = { ...tenants, disabledAt: null, circuitState: 'closed' as const, failingSince: { not: null } };
  const [disabled, circuitOpen, failing, rows] = await Promise.all([
    db().endpoint.count({ where: disabledWhere }),
    db().endpoint.count({ where: circuitWhere }),
    db().endpoint.count({ where: failingWhere }),
    db().endpoint.findMany({
      where: { OR: [disabledWhere, circuitWhere, failingWhere] },
      select: {
        id: true,
        url: true,
        tenantId: true,
        disabledAt: true,
        disabledReason: true,
        failingSince: true,
        circuitState: true,
        consecutiveFailures: true,
        circuitOpenedAt: true,
        circuitRetryAt: true,
        tenant: { select: { name: true } },
      },
      // The enum sorts closed < open < half_open: descending puts broken circuits before failing ones.
      orderBy: [{ disabledAt: { sort: 'desc', nulls: 'last' } }, { circuitState: 'desc' }, { failingSince: 'asc' }, { id: 'asc' }],
      take: limit,
    }),
  ]);
  return {
    disabled,
    circuitOpen,
    failing,
    rows: rows.map((e) => ({
      id: e.id,
      url: e.url,
      tenantId: e.tenantId,
      tenantName: e.tenant.name,
      disabledAt: e.disabledAt?.toISOString() ?? null,
      disabledReason: e.disabledReason,
      failingSince: e.failingSince?.toISOString() ?? null,
      circuitState: e.circuitState,
      consecutiveFailures: e.consecutiveFailures,
      circuitOpenedAt: e.circuitState === 'closed' ? null : (e.circuitOpenedAt?.toISOString() ?? null),
      nextProbeAt: e.circuitState === 'closed' ? null : (e.circuitRetryAt?.toISOString() ?? null),
    })),
  };
}
