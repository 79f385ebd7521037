// The dashboard user behind a session's user id, or null. The row is re-read on every
// request so a deleted user loses access at once. How the id is read from the cookie
// (next-auth) stays in app/_server/session: lib/ is shared with the worker, which must
// not load Next.
import { db } from '../db.ts';

export type SessionUser = { id: string; email: string; name: string | null; operator: boolean };

export async function findSessionUser(userId: string): Promise<SessionUser | null> {
  return db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, operator: true } });
}
