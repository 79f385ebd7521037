import { describe, it, expect } from 'vitest';
import { signatureFor, signPayload } from './sign-payload.ts';

// The published Standard Webhooks test vector (also in Svix's docs).
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

// Hookline's own vectors, cross-checked once with `openssl dgst -sha256 -mac HMAC`.
const SECRET_A = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='; // bytes 0..31
const SECRET_B = 'whsec_ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A='; // bytes 33..64
const ID = 'msg_01HOOKLINE';
const TS = 1700000000;
const BODY = '{"type":"invoice.paid","timestamp":"2023-11-14T22:13:20.000Z","data":{"id":"inv_1","amount":4200}}';
const SIG_A = 'v1,fOB3JrF1PDurxb1fmKIMpQItuJjMa9u1UMEr6NNlA1Y=';
const SIG_B = 'v1,X9StKYHppigMiMCMTLqMG8Uwf4gn35oZ5xBqs/U0DUY=';

describe('signatureFor', () => {
  it('matches the Standard Webhooks spec vector', () => {
    expect(signatureFor(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it('matches the fixed Hookline vectors', () => {
    expect(signatureFor(SECRET_A, ID, TS, BODY)).toBe(SIG_A);
    expect(signatureFor(SECRET_B, ID, TS, BODY)).toBe(SIG_B);
  });

  it('signs a Buffer body the same as the string it encodes', () => {
    expect(signatureFor(SECRET_A, ID, TS, Buffer.from(BODY))).toBe(SIG_A);
  });

  it('signs the exact bytes: whitespace changes the signature', () => {
    const reformatted = JSON.stringify(JSON.parse(BODY), null, 1);
    expect(signatureFor(SECRET_A, ID, TS, reformatted)).not.toBe(SIG_A);
  });

  it('refuses non-integer and negative timestamps', () => {
    expect(() => signatureFor(SECRET_A, ID, 1700000000.5, BODY)).toThrow(/integer Unix seconds/);
    expect(() => signatureFor(SECRET_A, ID, -1, BODY)).toThrow(/integer Unix seconds/);
    expect(() => signatureFor(SECRET_A, ID, 1700000000000 * 1e6, BODY)).toThrow(/integer Unix seconds/);
  });

  it('refuses a malformed secret', () => {
    expect(() => signatureFor('whsec_c2hvcnQ=', ID, TS, BODY)).toThrow(/24–64 bytes/);
  });
});

describe('signPayload', () => {
  it('gives one entry for one secret', () => {
    expect(signPayload({ id: ID, timestamp: TS, body: BODY, secrets: [SECRET_A] })).toBe(SIG_A);
  });

  it('joins one entry per secret with single spaces, in the order given', () => {
    expect(signPayload({ id: ID, timestamp: TS, body: BODY, secrets: [SECRET_B, SECRET_A] })).toBe(
      `${SIG_B} ${SIG_A}`,
    );
  });

  it('refuses an empty secret list', () => {
    expect(() => signPayload({ id: ID, timestamp: TS, body: BODY, secrets: [] })).toThrow(/at least one secret/);
  });
});
