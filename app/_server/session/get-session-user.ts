// The signed-in user for this request (server components, route handlers), or null.
// next-auth reads the session cookie through next/headers, so this lives in app/, not lib/.
import { getServerSession } from 'next-auth';
import { findSessionUser, type SessionUser } from '@/lib/session/find-session-user';
import { authOptions } from './auth-options';

export type { SessionUser };

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  if (!session?.userId) return null;
  return findSessionUser(session.userId);
}
