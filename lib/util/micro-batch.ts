// Collects calls made in the same turn of the event loop and runs them as one batch:
// a worker's concurrent attempts finish close together, and one statement for ten of
// them costs about what one costs for one (each round trip is the expensive part here).
// Two calls with the same key never share a batch (a statement can't update one row
// twice); the second starts the next batch.
export function microBatch<T, R>(run: (items: T[]) => Promise<R[]>, options: { maxSize: number; key: (item: T) => string }) {
  type Waiting = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };
  let pending: Waiting[] = [];
  let keys = new Set<string>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    keys = new Set();
    run(batch.map((w) => w.item)).then(
      (results) => batch.forEach((w, i) => w.resolve(results[i]!)),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  };

  return (item: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const key = options.key(item);
      if (keys.has(key)) flush();
      pending.push({ item, resolve, reject });
      keys.add(key);
      if (pending.length >= options.maxSize) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
