import { describe, expect, it } from 'vitest';
import { isTransientDatabaseError, retryTransient } from './retry-transient.ts';

describe('retryTransient', () => {
  it('retries connection errors until the call succeeds', async () => {
    let calls = 0;
    const result = await retryTransient(async () => {
      calls++;
      if (calls < 3) throw new Error('Connection terminated unexpectedly');
      return 'ok';
    }, { firstDelayMs: 1 });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry other errors, and gives up after the last try', async () => {
    let calls = 0;
    await expect(retryTransient(async () => {
      calls++;
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    }, { firstDelayMs: 1 })).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retryTransient(async () => {
      calls++;
      throw new Error('Connection terminated unexpectedly');
    }, { tries: 3, firstDelayMs: 1 })).rejects.toThrow('Connection terminated');
    expect(calls).toBe(3);
  });

  it('recognises wrapped causes and Postgres and Prisma codes', () => {
    expect(isTransientDatabaseError(new Error('x', { cause: Object.assign(new Error('y'), { code: '57P01' }) }))).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error('z'), { code: 'P1001' }))).toBe(true);
    expect(isTransientDatabaseError(new Error('syntax error at or near "selec"'))).toBe(false);
  });
});
