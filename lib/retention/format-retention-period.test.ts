import { describe, expect, it } from 'vitest';
import { formatRetentionPeriod } from './format-retention-period.ts';

describe('formatRetentionPeriod', () => {
  it('names the largest whole unit', () => {
    expect(formatRetentionPeriod(30 * 86_400_000)).toBe('30 days');
    expect(formatRetentionPeriod(86_400_000)).toBe('1 day');
    expect(formatRetentionPeriod(36 * 3_600_000)).toBe('36 hours');
    expect(formatRetentionPeriod(90 * 60_000)).toBe('90 minutes');
    expect(formatRetentionPeriod(1_500)).toBe('1,500 milliseconds');
  });

  it('says off when retention is off', () => {
    expect(formatRetentionPeriod(null)).toBe('off');
  });
});
