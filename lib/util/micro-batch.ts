// Collects calls and runs them as one batch: a worker's concurrent attempts finish close
// together, and one statement for ten of them costs about what one costs for one (each
// round trip is the expensive part here: on this machine a query's socket write alone
// was 13 % of a draining worker's CPU when every attempt had its own).
//
// Group commit: at most `maxInFlight` batches run at once. A call made while they are
// all busy waits for the next one, which takes everything that arrived meanwhile, so
// batches grow with load by themselves. An idle batcher runs a call at the end of the
// turn it arrived in (calls made in that same turn share its batch): no added wait.
//
// With `gatherMs`, a call made while busy instead waits up to that long for others to
// join it (or until a batch is full): for work nobody waits on, like recording an attempt
// already sent, where fewer and larger statements matter more than a few milliseconds.
// Busy means the last batch held at least `gatherFrom` calls, as Postgres's commit_delay
// waits only when commit_siblings transactions are active: at a trickle, calls go at the
// end of their turn as without it.
//
// Two calls with the same key never share a batch (a statement can't update one row
// twice); the second goes in a later one.
export type MicroBatchOptions<T> = {
  maxSize: number;
  key: (item: T) => string;
  /** Batches running at once; 1 = strict group commit. Default 2. */
  maxInFlight?: number;
  /** How long a call made while busy waits for others to share its batch. Default 0: the end of its turn. */
  gatherMs?: number;
  /** Busy: the last batch held at least this many calls. Default 0: always. */
  gatherFrom?: number;
};

export function microBatch<T, R>(run: (items: T[]) => Promise<R[]>, options: MicroBatchOptions<T>) {
  type Waiting = { item: T; key: string; resolve: (result: R) => void; reject: (error: unknown) => void };
  const maxInFlight = options.maxInFlight ?? 2;
  let pending: Waiting[] = [];
  let inFlight = 0;

  // The next batch: pending calls in arrival order, up to maxSize, skipping (and keeping
  // for later) a second call with a key already taken.
  const take = (): Waiting[] => {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const keys = new Set<string>();
    for (const waiting of pending) {
      if (batch.length < options.maxSize && !keys.has(waiting.key)) {
        batch.push(waiting);
        keys.add(waiting.key);
      } else rest.push(waiting);
    }
    pending = rest;
    return batch;
  };

  // The flush to come: at the end of this turn, or when the gather window closes. A
  // flush that runs sooner cancels it.
  let immediate: NodeJS.Immediate | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Calls the last flush took (busy: at least gatherFrom).
  let lastSize = 0;
  const flush = () => {
    if (immediate) clearImmediate(immediate);
    if (timer) clearTimeout(timer);
    immediate = timer = undefined;
    if (inFlight < maxInFlight && pending.length > 0) lastSize = 0;
    while (inFlight < maxInFlight && pending.length > 0) {
      const batch = take();
      lastSize += batch.length;
      inFlight++;
      let results: Promise<R[]>;
      try {
        results = run(batch.map((w) => w.item));
      } catch (error) {
        results = Promise.reject(error);
      }
      results.then(
        (values) => batch.forEach((w, i) => w.resolve(values[i]!)),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      ).finally(() => {
        inFlight--;
        // Calls under a gather window wait for it; those a full batcher left behind go now.
        if (!timer) flush();
      });
    }
  };

  return (item: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, key: options.key(item), resolve, reject });
      if (options.gatherMs && lastSize >= (options.gatherFrom ?? 0)) {
        // A full batch goes at once (if a batch may start); otherwise within the window.
        if (pending.length >= options.maxSize && inFlight < maxInFlight) flush();
        else if (!immediate && !timer) timer = setTimeout(flush, options.gatherMs);
        return;
      }
      // Busy: the batch that finishes first takes this call with the others waiting.
      if (inFlight >= maxInFlight || immediate || timer) return;
      immediate = setImmediate(flush);
    });
}
