import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.ts';
import { graphileLogger } from './graphile-logger.ts';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger(stream, level) };
}

describe('graphileLogger', () => {
  it("writes graphile's lines with their scope, and its per-job success line only at debug", () => {
    const { lines, log } = capture('info');
    const job = graphileLogger(log).scope({ label: 'job', workerId: 'w1', jobId: '42' });
    job.info('Completed task 42 (deliver, 4.1ms) with success');
    job.warn('Failed task 42 (deliver, 5ms) with error boom');
    job.error('worker aborted');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'Failed task 42 (deliver, 5ms) with error boom'],
      [50, 'worker aborted'],
    ]);
    expect(lines[0]!.scope).toEqual({ label: 'job', workerId: 'w1', jobId: '42' });

    const debug = capture('debug');
    graphileLogger(debug.log).scope({ label: 'job', jobId: '43' }).info('Completed task 43 (deliver, 1ms) with success');
    expect(debug.lines.map((l) => [l.level, l.msg])).toEqual([[20, 'Completed task 43 (deliver, 1ms) with success']]);
  });

  it('makes no child logger for a scope that writes nothing', () => {
    const { log } = capture('info');
    let children = 0;
    const child = log.child.bind(log);
    log.child = ((...args: Parameters<typeof log.child>) => {
      children++;
      return child(...args);
    }) as typeof log.child;
    const logger = graphileLogger(log);
    for (let n = 0; n < 10; n++) logger.scope({ label: 'job', jobId: String(n) }).info(`Completed task ${n} (deliver, 1ms) with success`);
    expect(children).toBe(0);
    logger.scope({ label: 'job', jobId: '99' }).error('boom');
    expect(children).toBe(1);
  });
});
