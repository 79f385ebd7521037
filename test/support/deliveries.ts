// Shared by the integration files that run a worker: receivers closed at the end, and
// reading a delivery (with its attempts, oldest first) once it has settled.
import { afterAll, beforeAll } from 'vitest';
import { db } from '@/lib/db';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { startHarness, type Harness } from './harness.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { waitFor } from './wait-for.ts';

export function receiverPool() {
  const receivers: Receiver[] = [];
  return {
    async start(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
      const r = await startReceiver(...args);
      receivers.push(r);
      return r;
    },
    closeAll: () => Promise.all(receivers.map((r) => r.close())),
  };
}

export function deliveryOf(eventId: string) {
  return db().delivery.findFirstOrThrow({ where: { eventId }, include: { attempts: { orderBy: { number: 'asc' } } } });
}

/** The event's (single) delivery once it is succeeded or failed for good. */
export function settled(eventId: string) {
  return waitFor(
    async () => {
      const d = await deliveryOf(eventId);
      return d.status === 'succeeded' || d.status === 'failed' ? d : null;
    },
    { what: `delivery of ${eventId} to settle` },
  );
}

/**
 * The usual integration file: a harness (cloned database, test environment), one
 * in-process worker and a pool of receivers, started before the file's tests and
 * closed after them. Fields are set once beforeAll has run.
 */
export function workerSuite(overrides: Record<string, string> = {}, options: { before?: () => void } = {}) {
  const suite = { receivers: receiverPool() } as { harness: Harness; worker: RunningWorker; receivers: ReturnType<typeof receiverPool> };
  beforeAll(async () => {
    options.before?.();
    suite.harness = await startHarness(overrides);
    suite.worker = await startWorker();
  });
  afterAll(async () => {
    await suite.worker?.stop();
    await suite.receivers.closeAll();
    await suite.harness?.close();
  });
  return suite;
}
