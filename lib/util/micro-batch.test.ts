import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    // The second 'c' waits for a batch without one; 'd' goes ahead of it.
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['c']]);
  });

  it('group commit: calls made while maxInFlight batches run wait, then go together', async () => {
    const batches: number[][] = [];
    const releases: (() => void)[] = [];
    let running = 0;
    let mostRunning = 0;
    const slow = microBatch(async (items: number[]) => {
      batches.push(items);
      mostRunning = Math.max(mostRunning, ++running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      return items;
    }, { maxSize: 100, key: String, maxInFlight: 1 });
    const first = slow(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    // Arriving one by one, over several turns, while the first batch runs.
    const later: Promise<number>[] = [];
    for (const n of [2, 3, 4]) {
      later.push(slow(n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(batches).toEqual([[1]]);
    releases.shift()!();
    expect(await first).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    releases.shift()!();
    expect(await Promise.all(later)).toEqual([2, 3, 4]);
    expect(mostRunning).toBe(1);
  });

  it('runs up to maxInFlight batches at once', async () => {
    const batches: number[][] = [];
    const releases: (() => void)[] = [];
    const slow = microBatch(async (items: number[]) => {
      batches.push(items);
      await new Promise<void>((resolve) => releases.push(resolve));
      return items;
    }, { maxSize: 2, key: String, maxInFlight: 2 });
    const all = Promise.all([1, 2, 3, 4, 5].map(slow));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1, 2], [3, 4]]);
    releases.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    releases.splice(0).forEach((release) => release());
    expect(await all).toEqual([1, 2, 3, 4, 5]);
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

  it('a batch function that throws synchronously rejects its calls and frees its place', async () => {
    let fail = true;
    const brittle = microBatch((items: number[]) => {
      if (fail) throw new Error('bad input');
      return Promise.resolve(items);
    }, { maxSize: 10, key: String, maxInFlight: 1 });
    await expect(brittle(1)).rejects.toThrow('bad input');
    fail = false;
    expect(await brittle(2)).toBe(2);
  });

  describe('gathering (gatherMs)', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const echoes = (options: { maxSize: number; gatherMs: number; gatherFrom?: number }) => {
      const batches: number[][] = [];
      const echo = microBatch(async (items: number[]) => {
        batches.push(items);
        return items;
      }, { key: String, ...options });
      return { batches, echo };
    };

    it('calls over several turns wait for the window and share a batch; a full batch goes at once', async () => {
      const { batches, echo } = echoes({ maxSize: 3, gatherMs: 5 });
      const first = echo(1);
      await turn();
      const second = echo(2);
      await turn();
      expect(batches).toEqual([]);
      vi.advanceTimersByTime(5);
      expect(await Promise.all([first, second])).toEqual([1, 2]);
      expect(batches).toEqual([[1, 2]]);
      // Three calls fill a batch: it goes without waiting for the window.
      const full = [3, 4, 5].map((n) => echo(n));
      expect(batches).toEqual([[1, 2], [3, 4, 5]]);
      expect(await Promise.all(full)).toEqual([3, 4, 5]);
    });

    it('with gatherFrom, only after a batch that large: a trickle goes at the end of its turn', async () => {
      const { batches, echo } = echoes({ maxSize: 100, gatherMs: 5, gatherFrom: 3 });
      // A trickle: each call in a batch of its own, no timer needed.
      expect(await echo(1)).toBe(1);
      expect(await echo(2)).toBe(2);
      // Three in one turn: busy from now on.
      expect(await Promise.all([3, 4, 5].map((n) => echo(n)))).toEqual([3, 4, 5]);
      const later = [echo(6)];
      await turn();
      later.push(echo(7));
      await turn();
      expect(batches).toEqual([[1], [2], [3, 4, 5]]);
      vi.advanceTimersByTime(5);
      expect(await Promise.all(later)).toEqual([6, 7]);
      // The gathered batch held 2, under 3: the next call goes at the end of its turn again.
      expect(await echo(8)).toBe(8);
      expect(batches).toEqual([[1], [2], [3, 4, 5], [6, 7], [8]]);
    });
  });
});
