import { describe, expect, it } from 'vitest';
import { jobsState, stallAfterMs } from './jobs-verdict.ts';
import type { RunnerActivity } from './runner-activity.ts';

const NOW = 1_000_000;
const STALL = 10_000;
const runner = (over: Partial<RunnerActivity>): RunnerActivity => ({ tasks: ['deliver'], slots: 4, busy: 0, lastTakenAt: NOW, stopped: false, ...over });

describe('jobsState', () => {
  it('is ok while every slot is busy, however long since a job was taken', () => {
    expect(jobsState(runner({ busy: 4, lastTakenAt: NOW - 60_000 }), NOW, STALL, 120_000)).toBe('ok');
  });

  it('is ok when a job was taken recently, even with old jobs due', () => {
    expect(jobsState(runner({ busy: 1, lastTakenAt: NOW - 2_000 }), NOW, STALL, 120_000)).toBe('ok');
  });

  it('is ok when idle with nothing due, or nothing due for long', () => {
    expect(jobsState(runner({ lastTakenAt: NOW - 60_000 }), NOW, STALL, null)).toBe('ok');
    expect(jobsState(runner({ lastTakenAt: NOW - 60_000 }), NOW, STALL, 3_000)).toBe('ok');
  });

  it('is stalled when idle with a free slot while a job has been due longer than the stall time', () => {
    expect(jobsState(runner({ busy: 2, lastTakenAt: NOW - 60_000 }), NOW, STALL, 30_000)).toBe('stalled');
  });

  it('is stopped once the runner stopped', () => {
    expect(jobsState(runner({ stopped: true }), NOW, STALL, null)).toBe('stopped');
  });

  it('waits ten polls, at least 10 s', () => {
    expect(stallAfterMs(200)).toBe(10_000);
    expect(stallAfterMs(2_000)).toBe(20_000);
  });
});
