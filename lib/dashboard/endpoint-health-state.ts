// The one word the dashboard shows for an endpoint's health, from the columns the worker
// keeps (lib/delivery/record-endpoint-failure.ts, circuit-breaker.ts). Disabled wins (no
// attempts go at all), then the breaker (deliveries held, or one probe in flight), then
// failing (no success since failing_since). Pure: the list, the endpoint page and the
// operator's Operations page all call it.
export type HealthKind = 'disabled' | 'circuit_open' | 'probing' | 'failing' | 'healthy';

export type HealthColumns = { disabled: boolean; circuitState: 'closed' | 'open' | 'half_open'; failingSince: string | null };

export function endpointHealthKind(e: HealthColumns): HealthKind {
  if (e.disabled) return 'disabled';
  if (e.circuitState === 'open') return 'circuit_open';
  if (e.circuitState === 'half_open') return 'probing';
  if (e.failingSince) return 'failing';
  return 'healthy';
}
