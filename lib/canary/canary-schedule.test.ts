import { describe, expect, it } from 'vitest';
import { canaryCronPattern, canaryIntervalAllowed, selfScheduling } from './canary-schedule.ts';

describe('canary schedule', () => {
  it('allows sub-minute intervals and whole minutes that divide an hour', () => {
    for (const ms of [200, 1_000, 59_000, 60_000, 300_000, 900_000, 3_600_000]) expect(canaryIntervalAllowed(ms)).toBe(true);
    for (const ms of [100, 90_000, 420_000, 7_200_000]) expect(canaryIntervalAllowed(ms)).toBe(false);
  });

  it('is cron every minute up to a minute, then every n minutes', () => {
    expect(canaryCronPattern(1_000)).toBe('* * * * *');
    expect(canaryCronPattern(60_000)).toBe('* * * * *');
    expect(canaryCronPattern(300_000)).toBe('*/5 * * * *');
    expect(canaryCronPattern(3_600_000)).toBe('0 * * * *');
  });

  it('re-queues itself only under a minute', () => {
    expect(selfScheduling(1_000)).toBe(true);
    expect(selfScheduling(60_000)).toBe(false);
  });
});
