import { openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type SonicBoom from 'sonic-boom';
import { describe, expect, it } from 'vitest';
import { CENSOR, createLogger, lineDestination, redactFields } from './logger.ts';
import { withLogContext } from './log-context.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: createLogger(stream, 'info'), lines };
}

describe('log redaction', () => {
  it('censors secrets, keys, tokens, passwords, bodies and payloads at the top of a line and one level down', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        secret: 'whsec_x', apiKey: 'hl_x', password: 'p', token: 't', body: '{"card":1}', payload: { deliveryId: 'd' }, secrets: ['a'],
        headers: { authorization: 'Bearer hl_x', 'content-type': 'application/json' },
        job: { id: 7, payload: { token: 'tok' } },
        statusCode: 500,
      },
      'line',
    );
    expect(lines[0]).toMatchObject({
      secret: CENSOR, apiKey: CENSOR, password: CENSOR, token: CENSOR, body: CENSOR, payload: CENSOR, secrets: CENSOR,
      headers: { authorization: CENSOR, 'content-type': 'application/json' },
      job: { id: 7, payload: CENSOR },
      statusCode: 500,
      msg: 'line',
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/whsec_x|hl_x|"tok"|card/);
  });

  it('censors a child logger’s bindings and an error’s fields, keeping the error’s message', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('refused'), { body: 'the response body', code: 'E1' });
    logger.child({ route: '/v1/events', token: 'tok' }).error({ err: error }, 'failed');
    expect(lines[0]).toMatchObject({ route: '/v1/events', token: CENSOR, err: { message: 'refused', body: CENSOR, code: 'E1' }, msg: 'failed' });
    expect(JSON.stringify(lines[0])).not.toContain('the response body');
    // The caller's objects are left as they were.
    expect(error.body).toBe('the response body');
  });

  it('keeps the log context’s correlation fields and everything not sensitive as it is', async () => {
    const { logger, lines } = capture();
    await withLogContext({ requestId: 'req-1', eventId: 'msg_1' }, async () => {
      logger.info({ statusCode: 200, ms: 3, nested: { deep: { token: 'two levels down is left alone' } } }, 'delivered');
    });
    expect(lines[0]).toMatchObject({ requestId: 'req-1', eventId: 'msg_1', statusCode: 200, ms: 3, msg: 'delivered', nested: { deep: { token: 'two levels down is left alone' } } });
  });

  it('returns the very object when there is nothing to censor', () => {
    const fields = { statusCode: 200, headers: { 'content-type': 'x' } };
    expect(redactFields(fields)).toBe(fields);
    const input = { headers: { authorization: 'Bearer x' } };
    const out = redactFields(input);
    expect(out).toEqual({ headers: { authorization: CENSOR } });
    expect(input.headers.authorization).toBe('Bearer x');
  });

  it('logs an error without the pg client a pool attaches to it, keeping its message and code', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
      client: { connectionParameters: { user: 'postgres', database: 'hookline' }, parsedStatements: { hookline_fan_out: 'with i as (…)' } },
    });
    logger.warn({ err: error }, 'idle database connection failed');
    const err = lines[0]!.err as Record<string, unknown>;
    expect(err).toMatchObject({ message: 'terminating connection due to administrator command', code: '57P01', type: 'Error' });
    expect(err).not.toHaveProperty('client');
    expect(JSON.stringify(lines[0])).not.toContain('parsedStatements');
  });
});

describe('the line destination (pino’s sonic-boom in buffer mode)', () => {
  it('writes every line whole and in order, multi-byte text included, across many asynchronous writes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hookline-log-'));
    const file = path.join(dir, 'out.log');
    const fd = openSync(file, 'w');
    const destination = lineDestination(fd);
    const logger = createLogger(destination, 'info');
    // More than one write's worth (sonic-boom writes up to 16 KiB at a time), queued
    // while the first write is still in flight.
    for (let i = 0; i < 3_000; i++) logger.info({ i, note: 'héllo ✓ 日本' }, 'delivered');
    // end(): everything queued is written, then the fd is closed.
    const boom = destination as unknown as SonicBoom;
    await new Promise<void>((resolve, reject) => boom.once('close', resolve).once('error', reject).end());
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { i: number; note: string; msg: string });
    expect(lines).toHaveLength(3_000);
    expect(lines.map((line) => line.i)).toEqual([...Array(3_000).keys()]);
    expect(lines.every((line) => line.note === 'héllo ✓ 日本' && line.msg === 'delivered')).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });
});
