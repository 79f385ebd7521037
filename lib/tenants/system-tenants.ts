// Hookline's own tenants: the synthetic canary's (lib/canary) and the operator's, which
// holds the operational webhooks (lib/operational-events). Nobody is a member of them
// and they hold no API key (creating either is a 404: create-user.ts, create-api-key.ts);
// they are left out of every tenant list and the CLI, and are a 404 in the dashboard,
// except that operators may open the operator tenant to read its deliveries.
import { CANARY_TENANT_ID } from '../canary/canary-ids.ts';
import { OPERATOR_TENANT_ID } from '../operational-events/operator-ids.ts';

export const SYSTEM_TENANT_IDS: readonly string[] = [CANARY_TENANT_ID, OPERATOR_TENANT_ID];

export function isSystemTenant(tenantId: string): boolean {
  return SYSTEM_TENANT_IDS.includes(tenantId);
}

/** Whether this user may open a system tenant's pages at all (other tenants: membership decides). */
export function systemTenantOpenTo(tenantId: string, user: { operator: boolean }): boolean {
  return tenantId === OPERATOR_TENANT_ID && user.operator;
}
