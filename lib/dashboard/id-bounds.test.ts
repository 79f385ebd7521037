import { describe, expect, it } from 'vitest';
import { newId } from '../ids.ts';
import { idLowerBound } from './id-bounds.ts';

describe('idLowerBound', () => {
  it('sorts below every id made at or after the instant and above those made before', () => {
    const at = Date.UTC(2026, 10, 24, 12, 0, 0);
    const bound = idLowerBound('delivery', new Date(at));
    expect(newId('delivery', at) >= bound).toBe(true);
    expect(newId('delivery', at + 1) >= bound).toBe(true);
    expect(newId('delivery', at - 1) < bound).toBe(true);
  });

  it('uses the kind prefix', () => {
    expect(idLowerBound('event', new Date(0))).toBe('msg_0000000000');
  });
});
