// A retention run (task purge_retention, hourly; `hookline purge` on demand): event
// payloads and attempt response bodies from before now − RETENTION_PERIOD are removed,
// RETENTION_BATCH_SIZE rows per batch, each its own short transaction, so no lock
// is held for longer than one batch and ingest and delivery carry on beside it. The run
// is recorded in retention_runs (counts updated with every batch) for the operator page.
// It starts where the last finished run left off (resume-point.ts).
import { db } from '../db.ts';
import { purgeAttemptBodies } from './purge-attempt-bodies.ts';
import { purgeEventPayloads, type BatchResult } from './purge-event-payloads.ts';
import { lastResumePoints, nextResumePoint } from './resume-point.ts';

export type RetentionRunResult = { id: number; cutoff: string; eventsPurged: number; attemptsPurged: number; batches: number };

export async function purgeRetention(options: { periodMs: number; batchSize: number; now?: Date }): Promise<RetentionRunResult> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.periodMs);
  const [row] = await db().$queryRaw<{ id: number }[]>`insert into retention_runs (cutoff) values (${cutoff}) returning id`;
  const run = { id: row!.id, cutoff };
  const from = await lastResumePoints();
  const events = await inBatches((after) => purgeEventPayloads(run, after, options.batchSize), options.batchSize, from.events);
  const attempts = await inBatches((after) => purgeAttemptBodies(db(), run, after, options.batchSize), options.batchSize, from.attempts);
  const [eventsResumeAfter, attemptsResumeAfter] = [await nextResumePoint('event', from.events, cutoff), await nextResumePoint('attempt', from.attempts, cutoff)];
  await db().retentionRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), eventsResumeAfter, attemptsResumeAfter } });
  return { id: run.id, cutoff: cutoff.toISOString(), eventsPurged: events.purged, attemptsPurged: attempts.purged, batches: events.batches + attempts.batches };
}

/** Batch after batch, each resuming after the last id the one before took, until one comes back short. */
async function inBatches(batch: (after: string) => Promise<BatchResult>, batchSize: number, start: string): Promise<{ purged: number; batches: number }> {
  let after = start;
  let purged = 0;
  for (let batches = 1; ; batches++) {
    const result = await batch(after);
    purged += result.purged;
    if (result.lastId === null || result.taken < batchSize) return { purged, batches };
    after = result.lastId;
  }
}
