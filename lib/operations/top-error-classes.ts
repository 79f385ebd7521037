// Why attempts failed in the last hour, most frequent first. Non-2xx answers are all
// error class http_status, so those are told apart by their status code.
import { db } from '../db.ts';
import { attemptIdFloor } from './attempt-window.ts';

export type ErrorClassCount = { errorClass: string; statusCode: number | null; count: number; lastAt: string };

type Row = { error_class: string; status_code: number | null; count: number; last_at: Date };

export async function topErrorClasses(limit = 8): Promise<ErrorClassCount[]> {
  const since = new Date(Date.now() - 3_600_000);
  const rows = await db().$queryRaw<Row[]>`
    select coalesce(error_class, 'unknown') as error_class,
           case when error_class = 'http_status' then status_code end as status_code,
           count(*)::int as count, max(started_at) as last_at
      from attempts
     where id >= ${attemptIdFloor(since)} and started_at >= ${since} and not succeeded
     group by 1, 2
     order by count desc, last_at desc
     limit ${limit}`;
  return rows.map((r) => ({ errorClass: r.error_class, statusCode: r.status_code, count: r.count, lastAt: r.last_at.toISOString() }));
}
