// next-auth (v4) configuration: email + password against the users table, JWT sessions.
// The token carries only the user id; memberships and roles are read from the database
// on every request (lib/session/tenant-access.ts), so a removed membership takes effect at once.
// NEXTAUTH_SECRET comes from the environment; next-auth refuses to start without it in production.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { authenticateUser } from '@/lib/session/authenticate-user';

// 12 h: a working day; the cookie is refreshed while the dashboard is in use.
const SESSION_MAX_AGE_SECONDS = 12 * 3600;

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      authorize: (credentials) => authenticateUser(credentials),
    }),
  ],
  callbacks: {
    session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};
