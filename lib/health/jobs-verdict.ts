// Is a runner taking jobs? It is when every slot is busy, or it took one recently.
// Otherwise it is idle, which is fine unless a job it could take has been due for
// longer than stallMs: then its fetch loop is stuck, and the worker is not ready.
import type { RunnerActivity } from './runner-activity.ts';

export type JobsState = 'ok' | 'stalled' | 'stopped';

/** 'check': idle for stallMs with a free slot; ask the queue for the oldest due job. */
export function runnerNeedsQueueCheck(activity: RunnerActivity, now: number, stallMs: number): 'stopped' | 'ok' | 'check' {
  if (activity.stopped) return 'stopped';
  if (activity.busy >= activity.slots) return 'ok';
  if (now - activity.lastTakenAt < stallMs) return 'ok';
  return 'check';
}

export function jobsState(activity: RunnerActivity, now: number, stallMs: number, oldestDueAgeMs: number | null): JobsState {
  const first = runnerNeedsQueueCheck(activity, now, stallMs);
  if (first !== 'check') return first;
  return oldestDueAgeMs !== null && oldestDueAgeMs > stallMs ? 'stalled' : 'ok';
}

/** Ten missed polls with due work waiting is stuck, not slow; at least 10 s. */
export function stallAfterMs(pollIntervalMs: number): number {
  return Math.max(10 * pollIntervalMs, 10_000);
}
