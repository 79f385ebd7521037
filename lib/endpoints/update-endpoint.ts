import { db } from '../db.ts';
import { assertUrlAllowed } from './assert-url-allowed.ts';
import { findEndpoint } from './find-endpoint.ts';
import { ZUpdateEndpoint } from './schema.ts';
import { serializeEndpoint } from './serialize-endpoint.ts';

export async function updateEndpoint(tenantId: string, endpointId: string, body: unknown) {
  const { disabled, ...input } = ZUpdateEndpoint.parse(body);
  if (input.url !== undefined) assertUrlAllowed(input.url);
  const current = await findEndpoint(tenantId, endpointId);
  const toggle =
    disabled === true && !current.disabledAt
      ? { disabledAt: new Date(), disabledReason: 'disabled by a user' }
      : disabled === false
        ? { disabledAt: null, disabledReason: null, failingSince: null }
        : {};
  const endpoint = await db().endpoint.update({ where: { id: current.id }, data: { ...input, ...toggle } });
  return serializeEndpoint(endpoint);
}
