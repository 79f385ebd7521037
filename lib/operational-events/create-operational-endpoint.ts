// The operator registers a receiver of operational webhooks: an endpoint of the operator
// tenant, through the same createEndpoint as any other (URL rules and SSRF checks
// included), its event types limited to the three Hookline emits.
import { createEndpoint } from '../endpoints/create-endpoint.ts';
import { ensureOperatorTenant } from './ensure-operator-tenant.ts';
import { OPERATOR_TENANT_ID } from './operator-ids.ts';
import { ZCreateOperationalEndpoint } from './schema.ts';

export async function createOperationalEndpoint(body: unknown) {
  const input = ZCreateOperationalEndpoint.parse(body);
  await ensureOperatorTenant();
  return createEndpoint(OPERATOR_TENANT_ID, input);
}
