import { describe, expect, it } from 'vitest';
import { microBatch } from './micro-batch.ts';

describe('microBatch', () => {
  it('runs calls made in one turn as one batch, answering each with its own result', async () => {
    const batches: number[][] = [];
    const double = microBatch(async (items: number[]) => {
      batches.push(items);
      return items.map((n) => n * 2);
    }, { maxSize: 10, key: String });
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('splits at maxSize and never puts one key twice in a batch', async () => {
    const batches: string[][] = [];
    const echo = microBatch(async (items: string[]) => {
      batches.push(items);
      return items;
    }, { maxSize: 2, key: (s) => s });
    expect(await Promise.all(['a', 'b', 'c', 'c', 'd'].map(echo))).toEqual(['a', 'b', 'c', 'c', 'd']);
    expect(batches).toEqual([['a', 'b'], ['c'], ['c', 'd']]);
  });

  it('rejects every call of a failed batch, and later batches still run', async () => {
    let fail = true;
    const flaky = microBatch(async (items: number[]) => {
      if (fail) throw new Error('database down');
      return items;
    }, { maxSize: 10, key: String });
    const first = await Promise.allSettled([1, 2].map(flaky));
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await flaky(3)).toBe(3);
  });
});
