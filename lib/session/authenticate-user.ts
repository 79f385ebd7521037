// Email + password → the user, or null. A missing user costs the same scrypt work as
// a wrong password, so response time does not reveal which emails have accounts.
import { db } from '../db.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { ZSignIn } from './schema.ts';

let dummyHash: Promise<string> | undefined;

export async function authenticateUser(input: unknown): Promise<{ id: string; email: string; name: string | null } | null> {
  const parsed = ZSignIn.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  if (!user) {
    dummyHash ??= hashPassword('not a real password');
    await verifyPassword(password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
