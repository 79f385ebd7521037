// Password hashing with node:crypto's scrypt, no native dependency. Parameters are kept
// in the stored string so they can be raised later without breaking existing hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// N=16384, r=8, p=1: the scrypt paper's interactive-login setting, ~16 MiB and ~50 ms.
const N = 16384;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
// 128·N·r·p is the memory scrypt needs; refuse stored parameters that would ask for
// more than 64 MiB so a corrupted row cannot exhaust the server.
const MAX_MEMORY = 64 * 1024 * 1024;

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(password, salt, HASH_BYTES, { N, r: R, p: P, maxmem: MAX_MEMORY + 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

// False for a wrong password and for a stored value that is not a scrypt hash at all.
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(stored);
  if (!match) return false;
  const [n, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const salt = Buffer.from(match[4]!, 'base64');
  const expected = Buffer.from(match[5]!, 'base64');
  if (128 * n * r * p > MAX_MEMORY || expected.length < 16) return false;
  try {
    const actual = await scryptAsync(password, salt, expected.length, { N: n, r, p, maxmem: MAX_MEMORY + 1024 });
    return timingSafeEqual(actual, expected);
  } catch {
    return false; // N not a power of two, or p too large: not a hash we wrote
  }
}
