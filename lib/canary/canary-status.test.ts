import { describe, expect, it } from 'vitest';
import { canaryVerdict, type CanaryRunAge } from './canary-status.ts';

const limits = { deadlineMs: 30_000, staleAfterMs: 150_000 };
const run = (ageMs: number, ok: boolean | null, error: string | null = null): CanaryRunAge => ({ ageMs, ok, error });

describe('canaryVerdict', () => {
  it('is unknown before the first run, and while the first is in flight', () => {
    expect(canaryVerdict([], limits).status).toBe('unknown');
    expect(canaryVerdict([run(1_000, null)], limits)).toEqual({ status: 'unknown', reason: 'the first run is in flight' });
  });

  it('follows the newest run that ended', () => {
    expect(canaryVerdict([run(1_000, true), run(61_000, false, 'HTTP 500')], limits).status).toBe('ok');
    expect(canaryVerdict([run(1_000, false, 'HTTP 500'), run(61_000, true)], limits)).toEqual({ status: 'failing', reason: 'HTTP 500' });
  });

  it('skips a run in flight within its deadline, and fails one past it', () => {
    expect(canaryVerdict([run(5_000, null), run(65_000, true)], limits).status).toBe('ok');
    expect(canaryVerdict([run(5_000, null), run(65_000, false, 'timeout')], limits)).toEqual({ status: 'failing', reason: 'timeout' });
    expect(canaryVerdict([run(31_000, null), run(91_000, true)], limits)).toEqual({ status: 'failing', reason: 'not received within 30 s' });
  });

  it('fails when no run started for too long, however the last one ended', () => {
    const verdict = canaryVerdict([run(180_000, true)], limits);
    expect(verdict.status).toBe('failing');
    expect(verdict.reason).toMatch(/no canary run for 3 min/);
  });
});
