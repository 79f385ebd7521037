// Email + password → the user, or null. A missing user costs the same scrypt work as
// a wrong password, so response time does not reveal which emails have accounts.
// Throttled: after 10 failures in a row an account refuses sign-in for 15 minutes —
// the right password included, and with the same answer, so guessing can't probe it.
import { db } from '../db.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { ZSignIn } from './schema.ts';

export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_LOCK_MS = 15 * 60_000;

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
  const matches = await verifyPassword(password, user.passwordHash);
  if (user.signInLockedUntil && user.signInLockedUntil > new Date()) return null;
  if (!matches) {
    await recordFailure(user.id);
    return null;
  }
  if (user.failedSignIns > 0 || user.signInLockedUntil) {
    await db().user.update({ where: { id: user.id }, data: { failedSignIns: 0, signInLockedUntil: null } });
  }
  return { id: user.id, email: user.email, name: user.name };
}

// One statement, so concurrent guesses can't slip past the count. A lock that has run
// out starts the count again.
async function recordFailure(userId: string): Promise<void> {
  await db().$executeRaw`
    update users
       set failed_sign_ins = case when sign_in_locked_until <= now() then 1 else failed_sign_ins + 1 end,
           sign_in_locked_until = case
             when sign_in_locked_until <= now() then null
             when failed_sign_ins + 1 >= ${MAX_FAILED_SIGN_INS} then now() + ${SIGN_IN_LOCK_MS} * interval '1 millisecond'
             else sign_in_locked_until end
     where id = ${userId}`;
}
