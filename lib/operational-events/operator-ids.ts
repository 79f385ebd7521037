// The operator's own tenant: operational webhooks (docs/operational-webhooks.md) are
// ordinary Hookline events in it, and its endpoints are the operator's receivers. A fixed
// id like the canary's (lib/canary/canary-ids.ts), which no tenant can mint (lib/ids.ts
// makes time-based ones); created on first use (ensure-operator-tenant.ts), hidden from
// the tenant lists and the CLI, open in the dashboard to operators only
// (lib/tenants/system-tenants.ts).
export const OPERATOR_TENANT_ID = 'tnt_hookline_operator';
export const OPERATOR_TENANT_NAME = 'Hookline operator';
