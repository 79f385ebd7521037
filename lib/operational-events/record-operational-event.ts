// Operational events: what Hookline did on its own that a tenant or an operator should
// know about. Written in the transaction that made the change, so they can't disagree.
import type { Tx } from '../db.ts';
import { newId } from '../ids.ts';

export type OperationalEventType = 'endpoint.disabled' | 'endpoint.circuit_opened' | 'endpoint.circuit_closed';

export async function recordOperationalEvent(tx: Tx, event: { tenantId: string; endpointId: string; type: OperationalEventType; message: string }): Promise<void> {
  await tx.operationalEvent.create({ data: { id: newId('operationalEvent'), ...event } });
}
