import { describe, expect, it } from 'vitest';
import { can } from './permissions.ts';

describe('can', () => {
  it('lets every role read, retry, recover and rotate', () => {
    for (const role of ['operator', 'admin', 'member'] as const) {
      for (const permission of ['tenant.read', 'deliveries.retry', 'endpoints.recover', 'secrets.read', 'secrets.rotate'] as const) {
        expect(can(role, permission), `${role} ${permission}`).toBe(true);
      }
    }
  });

  it('keeps endpoint management to admins and operators', () => {
    expect(can('admin', 'endpoints.write')).toBe(true);
    expect(can('operator', 'endpoints.write')).toBe(true);
    expect(can('member', 'endpoints.write')).toBe(false);
    expect(can('member', 'endpoints.test')).toBe(false);
  });
});
