// graphile-worker's log lines, into the same pino stream as everything else. One child
// logger per scope (graphile asks once per worker or job), not one per line, and
// only once the scope writes one.
import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../observability/logger.ts';

// "Completed task 123 (deliver, 4.1ms) with success", once per job: Hookline logs each
// attempt itself, so at info this line doubled the worker's log volume (and ~8 % of
// its CPU in a drain) and said nothing new. Still there at LOG_LEVEL=debug.
const ROUTINE = /^Completed task /;

export function graphileLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => {
    // Made on the first line written: graphile asks for a scope per job, and most jobs write none.
    let child: Logger | undefined;
    return (level, message, meta) => {
      const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' && !ROUTINE.test(message) ? 'info' : 'debug';
      if (!log.isLevelEnabled(method)) return;
      child ??= log.child({ scope: { label: scope.label, workerId: scope.workerId, jobId: scope.jobId } });
      child[method](meta ?? {}, message);
    };
  });
}
