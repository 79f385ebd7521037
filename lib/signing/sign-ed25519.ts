// Asymmetric signatures (Standard Webhooks `v1a`): Ed25519 over "<id>.<timestamp>.<body>",
// for endpoints whose consumers should hold only a public key. Keys in the spec's shape:
// `whsk_` + base64 of the 32-byte private seed (what Go's ed25519.NewKeyFromSeed takes),
// `whpk_` + base64 of the 32-byte public key. node:crypto does the maths; no dependency.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const ED25519_SECRET_PREFIX = 'whsk_';
export const ED25519_PUBLIC_PREFIX = 'whpk_';

const KEY_BYTES = 32;
// DER headers that wrap a raw 32-byte Ed25519 seed (PKCS#8) or public key (SPKI), RFC 8410.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type Ed25519KeyPair = { secretKey: string; publicKey: string };

export function generateEd25519KeyPair(): Ed25519KeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  return keyPairOf(privateKey);
}

/** The `whsk_`/`whpk_` strings of a private key. */
export function keyPairOf(privateKey: KeyObject): Ed25519KeyPair {
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const pub = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { secretKey: ED25519_SECRET_PREFIX + seed.toString('base64'), publicKey: ED25519_PUBLIC_PREFIX + pub.toString('base64') };
}

/** Imports a `whsk_` key. Do it once per key and keep the KeyObject: it is the costly part. */
export function ed25519PrivateKey(secretKey: string): KeyObject {
  const seed = decodeKey(secretKey, ED25519_SECRET_PREFIX, 'Ed25519 secret key');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Imports a `whpk_` key, for verifying (tests, consumers in Node). */
export function ed25519PublicKey(publicKey: string): KeyObject {
  const raw = decodeKey(publicKey, ED25519_PUBLIC_PREFIX, 'Ed25519 public key');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** `v1a,<base64 Ed25519 signature>` of the exact body bytes. */
export function ed25519SignatureFor(key: KeyObject, id: string, timestampSeconds: number, body: string | Uint8Array): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error(`webhook timestamp must be integer Unix seconds, got ${timestampSeconds}`);
  }
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== 'private') throw new Error('v1a signing needs an Ed25519 private key');
  // Ed25519 hashes the whole message itself (no streaming API), so join the bytes once.
  const message = Buffer.concat([Buffer.from(`${id}.${timestampSeconds}.`), typeof body === 'string' ? Buffer.from(body) : body]);
  return `v1a,${sign(null, message, key).toString('base64')}`;
}

function decodeKey(text: string, prefix: string, what: string): Buffer {
  if (!text.startsWith(prefix)) throw new Error(`${what} must start with "${prefix}"`);
  const encoded = text.slice(prefix.length);
  const bytes = Buffer.from(encoded, 'base64');
  // Buffer.from skips bad characters silently; a round trip catches them and bad padding.
  if (!BASE64.test(encoded) || bytes.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new Error(`${what} must be "${prefix}" followed by base64`);
  }
  if (bytes.length !== KEY_BYTES) throw new Error(`${what} must decode to ${KEY_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}
