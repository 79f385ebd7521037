import { createPrivateKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookHeaders } from '../delivery/webhook-headers.ts';
import { ed25519PrivateKey, ed25519PublicKey, ed25519SignatureFor, generateEd25519KeyPair, keyPairOf } from './sign-ed25519.ts';
import { signPayload } from './sign-payload.ts';

// The Standard Webhooks Go library's own asymmetric vector (webhook_asymmetric_test.go):
// the seed is the ASCII "TESTSIGNINGKEYDONOTUSETHISFORANY".
const SPEC = {
  secretKey: 'whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==',
};
const ID = 'msg_01HOOKLINE';
const TS = 1700000000;
const BODY = '{"type":"invoice.paid","timestamp":"2023-11-14T22:13:20.000Z","data":{"id":"inv_1","amount":4200}}';
const HMAC_SECRET = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

const message = (id: string, ts: number, body: string) => Buffer.from(`${id}.${ts}.${body}`);
const signatureBytes = (entry: string) => Buffer.from(entry.slice('v1a,'.length), 'base64');

describe('ed25519SignatureFor', () => {
  it('matches the Standard Webhooks reference vector', () => {
    expect(ed25519SignatureFor(ed25519PrivateKey(SPEC.secretKey), SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it('verifies with node:crypto and the whpk_ public key derived from the pair', () => {
    const pair = generateEd25519KeyPair();
    const entry = ed25519SignatureFor(ed25519PrivateKey(pair.secretKey), ID, TS, BODY);
    expect(entry).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/); // 64-byte signature
    expect(verify(null, message(ID, TS, BODY), ed25519PublicKey(pair.publicKey), signatureBytes(entry))).toBe(true);
  });

  it('signs a Buffer body the same as the string it encodes', () => {
    const key = ed25519PrivateKey(SPEC.secretKey);
    expect(ed25519SignatureFor(key, SPEC.id, SPEC.timestamp, Buffer.from(SPEC.body))).toBe(SPEC.signature);
  });

  it('does not verify a changed body, id or timestamp', () => {
    const pair = generateEd25519KeyPair();
    const publicKey = ed25519PublicKey(pair.publicKey);
    const sig = signatureBytes(ed25519SignatureFor(ed25519PrivateKey(pair.secretKey), ID, TS, BODY));
    expect(verify(null, message(ID, TS, BODY.replace('4200', '4201')), publicKey, sig)).toBe(false);
    expect(verify(null, message('msg_other', TS, BODY), publicKey, sig)).toBe(false);
    expect(verify(null, message(ID, TS + 1, BODY), publicKey, sig)).toBe(false);
  });

  it('refuses non-integer timestamps and keys that are not Ed25519 private keys', () => {
    const key = ed25519PrivateKey(SPEC.secretKey);
    expect(() => ed25519SignatureFor(key, ID, 1.5, BODY)).toThrow(/integer Unix seconds/);
    const publicOnly = ed25519PublicKey(keyPairOf(key).publicKey);
    expect(() => ed25519SignatureFor(publicOnly, ID, TS, BODY)).toThrow(/Ed25519 private key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => ed25519SignatureFor(ec, ID, TS, BODY)).toThrow(/Ed25519 private key/);
  });
});

describe('key pairs', () => {
  it('are whsk_/whpk_ + base64 of 32 bytes, fresh every time', () => {
    const pairs = Array.from({ length: 20 }, generateEd25519KeyPair);
    for (const { secretKey, publicKey } of pairs) {
      expect(secretKey).toMatch(/^whsk_[A-Za-z0-9+/]{43}=$/);
      expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    }
    expect(new Set(pairs.map((p) => p.secretKey)).size).toBe(20);
  });

  it('round-trip: importing a whsk_ key gives back the same pair', () => {
    const pair = generateEd25519KeyPair();
    expect(keyPairOf(ed25519PrivateKey(pair.secretKey))).toEqual(pair);
  });

  it('the public key is the raw 32 bytes node:crypto exports as the JWK x', () => {
    const key = ed25519PrivateKey(SPEC.secretKey);
    const jwk = key.export({ format: 'jwk' });
    expect(keyPairOf(key).publicKey).toBe('whpk_' + Buffer.from(jwk.x!, 'base64url').toString('base64'));
    expect(createPrivateKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' }).d).toBe(jwk.d);
  });

  it('refuses a wrong prefix, bad base64 and wrong lengths, naming the problem', () => {
    const seed = SPEC.secretKey.slice('whsk_'.length);
    expect(() => ed25519PrivateKey('whsec_' + seed)).toThrow(/must start with "whsk_"/);
    expect(() => ed25519PublicKey(SPEC.secretKey)).toThrow(/must start with "whpk_"/);
    expect(() => ed25519PrivateKey('whsk_' + seed.slice(0, 10) + '!' + seed.slice(10))).toThrow(/base64/);
    expect(() => ed25519PrivateKey('whsk_')).toThrow(/base64/);
    expect(() => ed25519PrivateKey('whsk_' + Buffer.alloc(31).toString('base64'))).toThrow(/32 bytes, got 31/);
    expect(() => ed25519PublicKey('whpk_' + Buffer.alloc(64).toString('base64'))).toThrow(/32 bytes, got 64/);
  });
});

describe('webhookHeaders with Ed25519 keys', () => {
  const now = new Date(TS * 1000);

  it('one v1a entry per key, current first, and no v1 entry', () => {
    const [a, b] = [generateEd25519KeyPair(), generateEd25519KeyPair()];
    const headers = webhookHeaders({ eventId: ID, body: BODY, secrets: [ed25519PrivateKey(a.secretKey), ed25519PrivateKey(b.secretKey)], now });
    const entries = headers['webhook-signature']!.split(' ');
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.startsWith('v1a,'))).toBe(true);
    expect(verify(null, message(ID, TS, BODY), ed25519PublicKey(a.publicKey), signatureBytes(entries[0]!))).toBe(true);
    expect(verify(null, message(ID, TS, BODY), ed25519PublicKey(b.publicKey), signatureBytes(entries[1]!))).toBe(true);
    expect(verify(null, message(ID, TS, BODY), ed25519PublicKey(b.publicKey), signatureBytes(entries[0]!))).toBe(false);
  });

  it('HMAC secrets alone give exactly the header signPayload gives', () => {
    const headers = webhookHeaders({ eventId: ID, body: BODY, secrets: [HMAC_SECRET], now });
    expect(headers['webhook-signature']).toBe(signPayload({ id: ID, timestamp: TS, body: BODY, secrets: [HMAC_SECRET] }));
    expect(headers['webhook-signature']).toBe('v1,fOB3JrF1PDurxb1fmKIMpQItuJjMa9u1UMEr6NNlA1Y=');
  });

  it('refuses to sign with no key at all', () => {
    expect(() => webhookHeaders({ eventId: ID, body: BODY, secrets: [], now })).toThrow(/at least one secret/);
  });
});
