import { describe, expect, it } from 'vitest';
import { endpointHealthKind } from './endpoint-health-state.ts';

const since = '2026-11-24T03:00:00.000Z';

describe('endpointHealthKind', () => {
  it('puts disabled first, then the circuit, then failing', () => {
    expect(endpointHealthKind({ disabled: true, circuitState: 'open', failingSince: since })).toBe('disabled');
    expect(endpointHealthKind({ disabled: false, circuitState: 'open', failingSince: since })).toBe('circuit_open');
    expect(endpointHealthKind({ disabled: false, circuitState: 'half_open', failingSince: since })).toBe('probing');
    expect(endpointHealthKind({ disabled: false, circuitState: 'closed', failingSince: since })).toBe('failing');
    expect(endpointHealthKind({ disabled: false, circuitState: 'closed', failingSince: null })).toBe('healthy');
  });
});
