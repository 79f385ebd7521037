// Cursor pagination over time-sortable ids (lib/ids.ts), newest first: the cursor is
// the last id of the page, so pages stay stable while new rows arrive.
import { z } from 'zod';

export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  cursor: z.string().min(1).max(64).optional(),
});

export type TPageQuery = z.infer<typeof ZPageQuery>;

export type Page<T> = { data: T[]; nextCursor: string | null };

/** Prisma arguments for one page: ask for one row more than needed to know if there is a next page. */
export function pageArgs(query: TPageQuery) {
  return {
    take: query.limit + 1,
    orderBy: { id: 'desc' as const },
    ...(query.cursor ? { where: { id: { lt: query.cursor } } } : {}),
  };
}

export function toPage<T extends { id: string }, R>(rows: T[], query: TPageQuery, map: (row: T) => R): Page<R> {
  const hasMore = rows.length > query.limit;
  const data = hasMore ? rows.slice(0, query.limit) : rows;
  return { data: data.map(map), nextCursor: hasMore ? data[data.length - 1]!.id : null };
}

export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
