// Sign-in against a real database: the right password works, a wrong one doesn't, and
// ten failures in a row lock the account for 15 minutes (the right password included).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '@/test/support/harness';
import { db } from '../db.ts';
import { createUser } from '../users/create-user.ts';
import { authenticateUser, MAX_FAILED_SIGN_INS } from './authenticate-user.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const signIn = (email: string, password: string) => authenticateUser({ email, password });

describe('authenticateUser', () => {
  it('accepts the right password and refuses a wrong one or an unknown email', async () => {
    const tenant = await harness.newTenant();
    await createUser({ email: 'ok@example.com', password: 'right password', role: 'member', tenantId: tenant.id });
    expect(await signIn('ok@example.com', 'right password')).toMatchObject({ email: 'ok@example.com' });
    expect(await signIn('ok@example.com', 'wrong password')).toBeNull();
    expect(await signIn('nobody@example.com', 'right password')).toBeNull();
  });

  it('locks an account after ten failures in a row, then lets it in once the lock has run out', async () => {
    const tenant = await harness.newTenant();
    await createUser({ email: 'target@example.com', password: 'right password', role: 'member', tenantId: tenant.id });
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) expect(await signIn('target@example.com', `guess ${i}`)).toBeNull();
    const locked = await db().user.findUniqueOrThrow({ where: { email: 'target@example.com' } });
    expect(locked.failedSignIns).toBe(MAX_FAILED_SIGN_INS);
    expect(locked.signInLockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(await signIn('target@example.com', 'right password')).toBeNull(); // locked: refused all the same

    await db().user.update({ where: { email: 'target@example.com' }, data: { signInLockedUntil: new Date(Date.now() - 1000) } });
    expect(await signIn('target@example.com', 'right password')).toMatchObject({ email: 'target@example.com' });
    const reset = await db().user.findUniqueOrThrow({ where: { email: 'target@example.com' } });
    expect(reset).toMatchObject({ failedSignIns: 0, signInLockedUntil: null });
  });

  it('a success resets the count, so occasional typos never lock anyone out', async () => {
    const tenant = await harness.newTenant();
    await createUser({ email: 'typo@example.com', password: 'right password', role: 'member', tenantId: tenant.id });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await signIn('typo@example.com', 'tpyo');
      expect(await signIn('typo@example.com', 'right password')).not.toBeNull();
    }
    expect((await db().user.findUniqueOrThrow({ where: { email: 'typo@example.com' } })).failedSignIns).toBe(0);
  });
});
