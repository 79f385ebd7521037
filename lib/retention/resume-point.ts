// Where a retention run starts. Purged rows stay (only their payload goes), so a run that
// began at the oldest id would read the whole purged history every hour: 0.7 s for
// 450k rows here, growing for ever. Each finished run records instead, per table, an id
// below which every row is purged, and the next run starts after it.
//
// That id is just below the oldest row this run left unpurged although it was old
// enough: an event still being delivered, or a row a concurrent transaction held (SKIP
// LOCKED) — or, when there is none, the cutoff itself. Every row with an id before the
// cutoff's time was old enough, since ids are minted at (events) or after (attempts)
// the time they are dated by. Finding it reads only the range this run covered.
import { Prisma } from '../generated/prisma/client.ts';
import { db } from '../db.ts';
import { idLowerBound } from '../dashboard/id-bounds.ts';

export type ResumePoints = { events: string; attempts: string };

const UNPURGED = {
  event: Prisma.sql`select min(id) as id from events where payload_purged_at is null`,
  attempt: Prisma.sql`select min(id) as id from attempts where body_purged_at is null and response_body is not null`,
} as const;

/** The last finished run's resume points; '' (before every id) when there is none. */
export async function lastResumePoints(): Promise<ResumePoints> {
  const last = await db().retentionRun.findFirst({ where: { finishedAt: { not: null } }, orderBy: { id: 'desc' }, select: { eventsResumeAfter: true, attemptsResumeAfter: true } });
  return { events: last?.eventsResumeAfter ?? '', attempts: last?.attemptsResumeAfter ?? '' };
}

export async function nextResumePoint(kind: keyof typeof UNPURGED, startedAfter: string, cutoff: Date): Promise<string> {
  const bound = idLowerBound(kind, cutoff);
  const [row] = await db().$queryRaw<{ id: string | null }[]>`${UNPURGED[kind]} and id > ${startedAfter} and id < ${bound}`;
  // The id's type prefix and time (lib/ids.ts) sort before every id of that millisecond,
  // so "after" it starts at the oldest unpurged row (and its few same-millisecond siblings).
  return row?.id ? timePrefix(row.id) : bound < startedAfter ? startedAfter : bound;
}

const timePrefix = (id: string) => id.slice(0, id.indexOf('_') + 11);
