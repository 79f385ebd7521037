// The latest retention runs for the operator page, newest first, with the period the
// installation keeps data for (RETENTION_PERIOD; null = retention off).
import { db } from '../db.ts';
import { env } from '../env.ts';

export async function listRetentionRuns(limit = 10) {
  const runs = await db().retentionRun.findMany({ orderBy: { id: 'desc' }, take: limit });
  return {
    periodMs: env().RETENTION_PERIOD,
    runs: runs.map((r) => ({
      id: r.id,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      cutoff: r.cutoff.toISOString(),
      eventsPurged: r.eventsPurged,
      attemptsPurged: r.attemptsPurged,
    })),
  };
}

export type RetentionRuns = Awaited<ReturnType<typeof listRetentionRuns>>;
