// graphile-worker's log lines, into the same pino stream as everything else.
import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../observability/logger.ts';

export function graphileLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const child = log.child({ scope: { label: scope.label, workerId: scope.workerId, jobId: scope.jobId } });
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
    child[method](meta ?? {}, message);
  });
}
