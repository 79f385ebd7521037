// What one graphile-worker runner of this process is doing, from its events: jobs in
// flight, when it last took one, whether it has stopped. Worker readiness
// (check-worker-readiness.ts) reads it to tell "idle" and "busy" from "stuck".
import type { WorkerEvents } from 'graphile-worker';

export type RunnerActivity = {
  /** The task identifiers this runner takes. */
  tasks: string[];
  slots: number;
  busy: number;
  /** When it last took a job, or when it started (ms since epoch, this process's clock). */
  lastTakenAt: number;
  stopped: boolean;
};

export function trackRunnerActivity(events: WorkerEvents, tasks: string[], slots: number): RunnerActivity {
  const activity: RunnerActivity = { tasks, slots, busy: 0, lastTakenAt: Date.now(), stopped: false };
  events.on('job:start', () => {
    activity.busy++;
    activity.lastTakenAt = Date.now();
  });
  // Emitted once per job:start, after success or failure.
  events.on('job:complete', () => {
    activity.busy = Math.max(0, activity.busy - 1);
  });
  events.on('stop', () => {
    activity.stopped = true;
  });
  events.on('pool:fatalError', () => {
    activity.stopped = true;
  });
  return activity;
}
