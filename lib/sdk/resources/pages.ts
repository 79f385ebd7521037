// Every item of every page, fetching the next page as the loop gets there.
import type { PageQuery } from '../types.ts';

export async function* eachItem<T, Q extends PageQuery>(
  list: (query: Q) => Promise<{ data: T[]; nextCursor: string | null }>,
  query: Q,
): AsyncGenerator<T> {
  let cursor = query.cursor;
  do {
    const page = await list({ ...query, cursor });
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
