// The signed-in user for this request (server components, route handlers), or null.
// The user row is re-read so a deleted user loses access immediately.
import { getServerSession } from 'next-auth';
import { db } from '../db.ts';
import { authOptions } from './auth-options.ts';

export type SessionUser = { id: string; email: string; name: string | null; operator: boolean };

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  if (!session?.userId) return null;
  return db().user.findUnique({ where: { id: session.userId }, select: { id: true, email: true, name: true, operator: true } });
}
