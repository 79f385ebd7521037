import { describe, it, expect } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('hashPassword', () => {
  it('stores scrypt$16384$8$1$<16-byte salt>$<hash> in base64', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const match = /^scrypt\$16384\$8\$1\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
    expect(match).not.toBeNull();
    expect(Buffer.from(match![1]!, 'base64')).toHaveLength(16);
    expect(Buffer.from(match![2]!, 'base64')).toHaveLength(32);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('hunter2'), hashPassword('hunter2')]);
    expect(a).not.toBe(b);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses others', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('handles empty and non-ASCII passwords', async () => {
    expect(await verifyPassword('', await hashPassword(''))).toBe(true);
    expect(await verifyPassword('pässwörd🔑', await hashPassword('pässwörd🔑'))).toBe(true);
  });

  it('treats composed and decomposed accents as the same password (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9');
    expect(await verifyPassword('cafe\u0301', stored)).toBe(true);
  });

  it('verifies a hash produced elsewhere with the same parameters', async () => {
    // Computed once with node:crypto scryptSync('hookline', Buffer.alloc(16, 1), 32, { N: 16384, r: 8, p: 1 }).
    const stored = 'scrypt$16384$8$1$AQEBAQEBAQEBAQEBAQEBAQ==$' + FIXED_HASH;
    expect(await verifyPassword('hookline', stored)).toBe(true);
    expect(await verifyPassword('hookline!', stored)).toBe(false);
  });

  // Same, with N: 1024.
  it('reads the parameters from the stored string', async () => {
    const stored = 'scrypt$1024$8$1$AQEBAQEBAQEBAQEBAQEBAQ==$' + FIXED_HASH_N1024;
    expect(await verifyPassword('hookline', stored)).toBe(true);
  });

  it.each([
    '',
    'hookline',
    '$2b$10$abcdefghijklmnopqrstuv', // a bcrypt hash
    'scrypt$16384$8$1$AQEBAQEBAQEBAQEBAQEBAQ==',
    'scrypt$16384$8$1$AQEBAQEBAQEBAQEBAQEBAQ==$AAAA', // 3-byte hash: too short to trust
    'scrypt$1000$8$1$AQEBAQEBAQEBAQEBAQEBAQ==$' + 'A'.repeat(43) + '=', // N not a power of 2
    'scrypt$1048576$8$1$AQEBAQEBAQEBAQEBAQEBAQ==$' + 'A'.repeat(43) + '=', // 1 GiB of memory
  ])('returns false for a stored value it did not write: %j', async (stored) => {
    expect(await verifyPassword('hookline', stored)).toBe(false);
  });
});

const FIXED_HASH = 'ia3XrdGoNYogZgkQ0GP6PXCnbbPMTxzukkJ90LJHDbw=';
const FIXED_HASH_N1024 = '2AHLcM9Soiqjou0bo/In/PqOZ4zyF5KQ+5QfkhM7Ppk=';
