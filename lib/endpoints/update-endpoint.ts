import { db } from '../db.ts';
import { assertUrlAllowed } from './assert-url-allowed.ts';
import { findEndpoint } from './find-endpoint.ts';
import { ZUpdateEndpoint } from './schema.ts';
import { serializeEndpoint } from './serialize-endpoint.ts';

export async function updateEndpoint(tenantId: string, endpointId: string, body: unknown) {
  const { disabled, ...input } = ZUpdateEndpoint.parse(body);
  if (input.url !== undefined) await assertUrlAllowed(input.url);
  const current = await findEndpoint(tenantId, endpointId);
  const toggle =
    disabled === true && !current.disabledAt
      ? { disabledAt: new Date(), disabledReason: 'disabled by a user' }
      : disabled === false
        ? // Enabling starts afresh: no failure clock, a closed circuit.
          { disabledAt: null, disabledReason: null, failingSince: null, consecutiveFailures: 0, circuitState: 'closed' as const, circuitTrips: 0, circuitRetryAt: null, circuitOpenedAt: null }
        : {};
  const endpoint = await db().endpoint.update({ where: { id: current.id }, data: { ...input, ...toggle } });
  return serializeEndpoint(endpoint);
}
