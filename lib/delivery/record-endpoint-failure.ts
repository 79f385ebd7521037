// What a failed attempt does to its endpoint, in the attempt's transaction:
// - an endpoint that answers 410 Gone is disabled at once (the receiver said it is gone);
// - one failing for ENDPOINT_DISABLE_AFTER (5 days by default) with no success in between
//   is disabled, with the reason shown; a success clears failing_since (record-attempt.ts);
// - the circuit breaker counts failures in a row and may open (circuit-breaker.ts).
// Each change a person should hear about leaves an operational event.
import type { CircuitState } from '../generated/prisma/client.ts';
import type { Tx } from '../db.ts';
import { recordOperationalEvent } from '../operational-events/record-operational-event.ts';
import { circuitAfterFailure, type CircuitPolicy } from './circuit-breaker.ts';

/** `traceparent`: the failed attempt's trace, which the operational webhooks it causes join. */
export type EndpointFailure = { gone: boolean; disableAfterMs: number; circuit: CircuitPolicy; traceparent?: string };
export type EndpointChange = { disabled: boolean; circuitOpened: boolean };

type Row = {
  tenant_id: string;
  failing_since: Date | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  circuit_state: CircuitState;
  circuit_trips: number;
  now: Date;
};

export async function recordEndpointFailure(tx: Tx, endpointId: string, failure: EndpointFailure): Promise<EndpointChange> {
  // FOR NO KEY UPDATE, not FOR UPDATE: it still serializes the endpoint's failures, but
  // does not block the foreign-key checks (FOR KEY SHARE) of ingest inserting deliveries
  // to this endpoint. With FOR UPDATE, every event for a failing endpoint waited behind
  // its failure transactions: the API's p50 went from 30 ms to 1.4–3 s beside one
  // hanging and one failing endpoint (bench: isolation).
  const [row] = await tx.$queryRaw<Row[]>`
    select tenant_id, failing_since, disabled_at, consecutive_failures, circuit_state, circuit_trips, now() as now
      from endpoints where id = ${endpointId} for no key update`;
  if (!row) return { disabled: false, circuitOpened: false };
  const disabledReason = row.disabled_at ? null : disableReason(row, failure);
  const circuit = circuitAfterFailure(
    { state: row.circuit_state, consecutiveFailures: row.consecutive_failures, trips: row.circuit_trips },
    failure.circuit,
    row.now,
  );
  await tx.$executeRaw`
    update endpoints
       set failing_since = coalesce(failing_since, now()),
           consecutive_failures = consecutive_failures + 1,
           disabled_at = case when ${disabledReason}::text is null then disabled_at else now() end,
           disabled_reason = coalesce(${disabledReason}, disabled_reason),
           circuit_state = ${circuit.state}::"CircuitState",
           circuit_trips = ${circuit.trips},
           circuit_retry_at = coalesce(${circuit.retryAt}, circuit_retry_at),
           circuit_opened_at = case when ${circuit.opened} then now() else circuit_opened_at end
     where id = ${endpointId}`;
  if (disabledReason) {
    await recordOperationalEvent(tx, { tenantId: row.tenant_id, endpointId, type: 'endpoint.disabled', message: `Disabled: ${disabledReason}`, traceparent: failure.traceparent });
  } else if (circuit.opened) {
    await recordOperationalEvent(tx, {
      tenantId: row.tenant_id,
      endpointId,
      type: 'endpoint.circuit_opened',
      traceparent: failure.traceparent,
      message: `Circuit opened after ${row.consecutive_failures + 1} failed attempts in a row: deliveries are held, and one probe attempt goes in ${formatSeconds(circuit.retryAt!.getTime() - row.now.getTime())}`,
    });
  }
  return { disabled: disabledReason !== null, circuitOpened: circuit.opened };
}

function disableReason(row: Row, failure: EndpointFailure): string | null {
  if (failure.gone) return 'the endpoint answered 410 Gone';
  if (row.failing_since && row.failing_since.getTime() <= row.now.getTime() - failure.disableAfterMs) {
    return `failing without a success since ${row.failing_since.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }
  return null;
}

function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
