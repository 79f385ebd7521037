import { afterEach, describe, it, expect, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { generateSecret } from './secret.ts';
import { signPayload } from './sign-payload.ts';
import { verifySignature } from './verify-signature.ts';

const SECRET_A = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const SECRET_B = 'whsec_ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A=';
const ID = 'msg_01HOOKLINE';
const TS = 1700000000;
const NOW = TS * 1000;
const BODY = '{"type":"invoice.paid","timestamp":"2023-11-14T22:13:20.000Z","data":{"id":"inv_1","amount":4200}}';
const SIG_A = 'v1,fOB3JrF1PDurxb1fmKIMpQItuJjMa9u1UMEr6NNlA1Y=';
const SIG_B = 'v1,X9StKYHppigMiMCMTLqMG8Uwf4gn35oZ5xBqs/U0DUY=';
const ROTATION = `${SIG_A} ${SIG_B}`;

const base = { id: ID, timestamp: TS, body: BODY, now: NOW };

// The official library checks the timestamp against the real clock; pin it to TS.
function officialVerify(secret: string, header: string, body = BODY, ts = TS) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  const headers = { 'webhook-id': ID, 'webhook-timestamp': String(ts), 'webhook-signature': header };
  return new Webhook(secret).verify(body, headers);
}

afterEach(() => vi.useRealTimers());

describe('verifySignature', () => {
  it('accepts the fixed vector, and so does the standardwebhooks package', () => {
    expect(signPayload({ id: ID, timestamp: TS, body: BODY, secrets: [SECRET_A] })).toBe(SIG_A);
    expect(verifySignature({ ...base, header: SIG_A, secret: SECRET_A })).toBe(true);
    expect(officialVerify(SECRET_A, SIG_A)).toEqual(JSON.parse(BODY));
  });

  it('accepts the timestamp as the raw header string', () => {
    expect(verifySignature({ ...base, timestamp: String(TS), header: SIG_A, secret: SECRET_A })).toBe(true);
  });

  it('round-trips a freshly generated secret through both verifiers', () => {
    const secret = generateSecret();
    const header = signPayload({ id: ID, timestamp: TS, body: BODY, secrets: [secret] });
    expect(verifySignature({ ...base, header, secret })).toBe(true);
    expect(officialVerify(secret, header)).toEqual(JSON.parse(BODY));
  });

  it('rotation: a two-entry header verifies with either secret', () => {
    expect(signPayload({ id: ID, timestamp: TS, body: BODY, secrets: [SECRET_A, SECRET_B] })).toBe(ROTATION);
    expect(verifySignature({ ...base, header: ROTATION, secret: SECRET_A })).toBe(true);
    expect(verifySignature({ ...base, header: ROTATION, secret: SECRET_B })).toBe(true);
    expect(officialVerify(SECRET_A, ROTATION)).toEqual(JSON.parse(BODY));
    expect(officialVerify(SECRET_B, ROTATION)).toEqual(JSON.parse(BODY));
  });

  it('rotation: each entry verifies alone with its own secret only', () => {
    expect(verifySignature({ ...base, header: SIG_B, secret: SECRET_B })).toBe(true);
    expect(verifySignature({ ...base, header: SIG_B, secret: SECRET_A })).toBe(false);
    expect(verifySignature({ ...base, header: SIG_A, secret: SECRET_B })).toBe(false);
  });

  it('rejects a wrong secret, and so does the standardwebhooks package', () => {
    const other = generateSecret();
    expect(verifySignature({ ...base, header: ROTATION, secret: other })).toBe(false);
    expect(() => officialVerify(other, ROTATION)).toThrow(/No matching signature/);
  });

  it('rejects a tampered body, and so does the standardwebhooks package', () => {
    const tampered = BODY.replace('4200', '4201');
    expect(verifySignature({ ...base, body: tampered, header: SIG_A, secret: SECRET_A })).toBe(false);
    expect(() => officialVerify(SECRET_A, SIG_A, tampered)).toThrow(/No matching signature/);
  });

  it('rejects a tampered id or timestamp', () => {
    expect(verifySignature({ ...base, id: 'msg_other', header: SIG_A, secret: SECRET_A })).toBe(false);
    expect(verifySignature({ ...base, timestamp: TS + 1, header: SIG_A, secret: SECRET_A })).toBe(false);
  });

  it('rejects a timestamp outside the 300 s tolerance, either side', () => {
    const old = { ...base, header: SIG_A, secret: SECRET_A };
    expect(verifySignature({ ...old, now: NOW + 300_000 })).toBe(true);
    expect(verifySignature({ ...old, now: NOW + 301_000 })).toBe(false);
    expect(verifySignature({ ...old, now: NOW - 301_000 })).toBe(false);
    expect(verifySignature({ ...old, now: NOW + 3_600_000, toleranceSeconds: 3600 })).toBe(true);
  });

  it('rejects an old timestamp even when freshly signed for it', () => {
    const oldTs = TS - 600;
    const header = signPayload({ id: ID, timestamp: oldTs, body: BODY, secrets: [SECRET_A] });
    expect(verifySignature({ ...base, timestamp: oldTs, header, secret: SECRET_A })).toBe(false);
    expect(() => officialVerify(SECRET_A, header, BODY, oldTs)).toThrow(/too old/);
  });

  it('rejects malformed timestamps', () => {
    for (const timestamp of ['', 'abc', '1700000000.5', '-1700000000', '0x65']) {
      expect(verifySignature({ ...base, timestamp, header: SIG_A, secret: SECRET_A })).toBe(false);
    }
  });

  it('ignores other versions and junk entries but still finds a v1 match', () => {
    const header = `v2,${SIG_A.slice(3)} garbage v1 ${SIG_A}`;
    expect(verifySignature({ ...base, header, secret: SECRET_A })).toBe(true);
    expect(verifySignature({ ...base, header: `v2,${SIG_A.slice(3)}`, secret: SECRET_A })).toBe(false);
    expect(verifySignature({ ...base, header: '', secret: SECRET_A })).toBe(false);
  });

  it('rejects a signature with junk spliced into the base64', () => {
    const spliced = SIG_A.slice(0, 10) + '!' + SIG_A.slice(10);
    expect(verifySignature({ ...base, header: spliced, secret: SECRET_A })).toBe(false);
    expect(verifySignature({ ...base, header: SIG_A.slice(0, -1), secret: SECRET_A })).toBe(false);
  });
});
