// Property-based fuzzing of the producer API through its real route handlers and a real
// database: whatever the body, headers or query string, the answer is never a 5xx, every
// 4xx is PRODUCT.md's error body, every 2xx has the documented shape, and nothing is half
// stored — a refused request changes no row and queues no job; an accepted event is there
// with one delivery per subscribed endpoint and one job per delivery.
//
// Seeded, so CI sees the same cases every run. On failure fast-check prints the seed and
// the shrunk counterexample; FUZZ_SEED=<seed> replays it, FUZZ_SEED=random explores new
// cases, FUZZ_RUNS=10 runs ten times as many.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { queuedJobs } from '../support/queued-jobs.ts';
import { resetEnvForTests } from '@/lib/env';
import { MAX_BODY_BYTES } from '@/lib/http/read-json';
import { rawApiRequest, type RawResponse } from '../support/api.ts';
import {
  almostJsonText,
  bodyBytes,
  contentType,
  endpointBody,
  endpointPatchBody,
  eventBody,
  headerValue,
  idSegment,
  queryString,
  recoverBody,
  rotateBody,
  traceparent,
  validEventType,
  wellFormed,
} from '../support/arbitraries.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261124);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: Math.ceil(numRuns * SCALE), seed: SEED });

let harness: Harness;
// Events go to `producer`, whose endpoints stay fixed so fan-out is predictable;
// endpoint bodies are fuzzed in `admin`, which gains endpoints as they are accepted.
let producer: { id: string; apiKey: string; all: string };
let admin: { id: string; apiKey: string; target: string };

beforeAll(async () => {
  harness = await startHarness();
  const p = await harness.newTenant('Producer');
  // Every type, two types, and a disabled one that must never get a delivery.
  const all = await p.api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/all' } });
  producer = { id: p.id, apiKey: p.apiKey, all: all.body.id };
  await p.api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/some', eventTypes: ['order.created', 'fuzz.a'] } });
  const off = await p.api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/off' } });
  await p.api('PATCH', `/api/v1/endpoints/${off.body.id}`, { body: { disabled: true } });
  const a = await harness.newTenant('Admin');
  const target = await a.api('POST', '/api/v1/endpoints', { body: { url: 'http://127.0.0.1:9/target' } });
  admin = { id: a.id, apiKey: a.apiKey, target: target.body.id };
});

afterAll(async () => {
  await harness?.close();
});

type Sent = { body?: string | Uint8Array; headers?: Record<string, string> };
type Answer = RawResponse & { json: any };

/** Sends as `apiKey` (unless the headers carry their own Authorization) and checks the universal properties. */
async function call(apiKey: string | null, method: string, path: string, sent: Sent = {}): Promise<Answer> {
  const headers = { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...sent.headers };
  const response = await rawApiRequest(method, path, { body: sent.body, headers });
  const context = `${method} ${path} → ${response.status} ${response.text.slice(0, 500)}`;
  expect(response.status, context).toBeLessThan(500);
  if (response.status === 204) return { ...response, json: null };
  expect(response.headers.get('content-type'), context).toMatch(/^application\/json/);
  const json = JSON.parse(response.text);
  if (response.status >= 400) {
    expect(Object.keys(json), context).toEqual(['error']);
    expect(json.error.code, context).toMatch(/^[a-z_]+$/);
    expect(typeof json.error.message, context).toBe('string');
    expect(json.error.message.length, context).toBeGreaterThan(0);
  }
  return { ...response, json };
}

/** PRODUCT.md's endpoint as the API shows it (fields may be added, none may go missing). */
const ENDPOINT_SHAPE = {
  id: expect.stringMatching(/^ep_/),
  url: expect.any(String),
  description: expect.any(String),
  eventTypes: expect.any(Array),
  ordered: expect.any(Boolean),
  disabled: expect.any(Boolean),
  createdAt: expect.any(String),
  updatedAt: expect.any(String),
};

type Counts = { events: number; deliveries: number; endpoints: number; secrets: number; jobs: number };

async function counts(tenantId: string): Promise<Counts> {
  const [row] = await db().$queryRaw<Record<keyof Counts, bigint>[]>`
    select (select count(*) from events where tenant_id = ${tenantId}) as events,
           (select count(*) from deliveries where tenant_id = ${tenantId}) as deliveries,
           (select count(*) from endpoints where tenant_id = ${tenantId}) as endpoints,
           (select count(*) from endpoint_secrets s join endpoints e on e.id = s.endpoint_id where e.tenant_id = ${tenantId}) as secrets,
           -- deliveries queued in jobs: a fan-out job carries each of its event's first attempts
           (select coalesce(sum(coalesce(json_array_length(payload->'deliveries'), 1)), 0) from graphile_worker._private_jobs) as jobs`;
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)])) as Counts;
}

/** The producer's enabled endpoints that an event of this type goes to. */
async function subscribers(type: string): Promise<string[]> {
  const endpoints = await db().endpoint.findMany({ where: { tenantId: producer.id, disabledAt: null } });
  return endpoints.filter((e) => e.eventTypes.length === 0 || e.eventTypes.includes(type)).map((e) => e.id).sort();
}

/**
 * POSTs an event body and checks what was stored against what the server parsed: on a
 * 202 the event, exactly one delivery per subscriber and one job per delivery, with the
 * data byte-for-byte; on anything else no new row and no new job.
 */
async function postEvent(sent: Sent, parsedAs: () => unknown): Promise<Answer> {
  const before = await counts(producer.id);
  const expected = parsedAs() as { type?: unknown; data?: unknown } | undefined;
  const willGoTo = typeof expected?.type === 'string' ? await subscribers(expected.type) : [];
  const res = await call(producer.apiKey, 'POST', '/api/v1/events', sent);
  const after = await counts(producer.id);
  if (res.status !== 202) {
    expect(after, `refused with ${res.status} but stored something`).toEqual(before);
    return res;
  }
  expect(Object.keys(res.json).sort()).toEqual(['createdAt', 'deliveries', 'id', 'type']);
  expect(res.json.id).toMatch(/^msg_/);
  expect(res.json.type).toBe(expected!.type);
  expect(new Date(res.json.createdAt).toISOString()).toBe(res.json.createdAt);
  for (const d of res.json.deliveries) expect(Object.keys(d).sort()).toEqual(['endpointId', 'id']);
  expect(res.json.deliveries.map((d: { endpointId: string }) => d.endpointId).sort()).toEqual(willGoTo);
  if (res.headers.get('idempotent-replayed') === 'true') {
    expect(after).toEqual(before);
    return res;
  }
  const event = await db().event.findUniqueOrThrow({ where: { id: res.json.id }, include: { deliveries: true } });
  expect(event.tenantId).toBe(producer.id);
  // What endpoints receive is what the producer sent: no key dropped, no value changed.
  expect(JSON.stringify(JSON.parse(event.body).data)).toBe(JSON.stringify(expected!.data));
  expect(event.deliveries.map((d) => d.id).sort()).toEqual(res.json.deliveries.map((d: { id: string }) => d.id).sort());
  const jobs = await queuedJobs(event.deliveries.map((d) => d.id));
  expect(jobs.map((j) => [j.delivery, j.token]).sort()).toEqual(event.deliveries.map((d) => [d.id, d.jobToken]).sort());
  const n = willGoTo.length;
  expect(after).toEqual({ ...before, events: before.events + 1, deliveries: before.deliveries + n, jobs: before.jobs + n });
  return res;
}

/** JSON.parse that answers undefined instead of throwing. */
function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Statuses seen during one property, so a test can show it reached both sides (not vacuous). */
function tally() {
  const statuses: number[] = [];
  return {
    statuses,
    add: <T extends { status: number }>(res: T): T => (statuses.push(res.status), res),
    count: (status: number) => statuses.filter((s) => s === status).length,
  };
}

describe('POST /api/v1/events', () => {
  it('answers any JSON body with a 202 it fully stored, or a 4xx that stored nothing', async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(eventBody, async (body) => {
        const text = JSON.stringify(body);
        seen.add(await postEvent({ body: text, headers: { 'content-type': 'application/json' } }, () => JSON.parse(text)));
      }),
      runs(300),
    );
    expect(seen.count(202)).toBeGreaterThan(10);
    expect(seen.count(400)).toBeGreaterThan(10);
  });

  it('answers any text or bytes, content type, Idempotency-Key and tracing headers without a 5xx or a half-stored event', async () => {
    const seen = tally();
    const anyBody = fc.oneof(
      eventBody.map((value) => JSON.stringify(value)),
      almostJsonText,
      bodyBytes,
    );
    await fc.assert(
      fc.asyncProperty(
        anyBody,
        fc.option(contentType),
        fc.option(headerValue),
        fc.option(fc.oneof(fc.nat().map(String), headerValue)),
        fc.option(headerValue),
        fc.option(traceparent),
        async (body, type, key, declaredLength, requestId, parent) => {
          const headers: Record<string, string> = {};
          if (type !== null) headers['content-type'] = type;
          if (key !== null) headers['idempotency-key'] = key;
          if (declaredLength !== null) headers['content-length'] = declaredLength;
          if (requestId !== null) headers['x-request-id'] = requestId;
          if (parent !== null) headers.traceparent = parent;
          const asServerReadsIt = () => parseOrUndefined(typeof body === 'string' ? wellFormed(body) : Buffer.from(body).toString('utf8'));
          const first = seen.add(await postEvent({ body, headers }, asServerReadsIt));
          if (first.status === 202 && key !== null) {
            // The same key and body again: the first answer, and nothing new.
            const again = await postEvent({ body, headers }, asServerReadsIt);
            expect(again.status).toBe(202);
            expect(again.headers.get('idempotent-replayed')).toBe('true');
            expect(again.json).toEqual(first.json);
          }
        },
      ),
      runs(300),
    );
    for (const status of [202, 400, 413, 415]) expect(seen.count(status), `no ${status} in ${seen.statuses.length} runs`).toBeGreaterThan(0);
  });

  it('stores one event for one Idempotency-Key however many requests race, answering the rest with a replay or a 409', async () => {
    const twoBodies = fc.tuple(validEventType, fc.jsonValue({ maxDepth: 2 })).map(([type, value]) => [
      JSON.stringify({ type, data: { value } }),
      JSON.stringify({ type, data: { value, other: true } }),
    ]);
    await fc.assert(
      fc.asyncProperty(twoBodies, fc.array(fc.nat(1), { minLength: 2, maxLength: 6 }), fc.uuid(), async (bodies, picks, key) => {
        const before = await counts(producer.id);
        const sent = picks.map((i) => bodies[i]!);
        const answers = await Promise.all(sent.map((body) => call(producer.apiKey, 'POST', '/api/v1/events', { body, headers: { 'content-type': 'application/json', 'idempotency-key': key } })));
        const events = await db().event.findMany({ where: { tenantId: producer.id, idempotencyKey: key }, include: { deliveries: true } });
        expect(events).toHaveLength(1);
        const winner = events[0]!;
        const dataOf = (body: string) => JSON.stringify(JSON.parse(body).data);
        for (const [i, res] of answers.entries()) {
          if (dataOf(sent[i]!) === dataOf(winner.body)) {
            expect(res.status).toBe(202);
            expect(res.json.id).toBe(winner.id);
          } else {
            expect(res.status).toBe(409);
            expect(res.json.error.code).toBe('idempotency_conflict');
          }
        }
        const n = winner.deliveries.length;
        expect(await counts(producer.id)).toEqual({ ...before, events: before.events + 1, deliveries: before.deliveries + n, jobs: before.jobs + n });
      }),
      runs(40),
    );
  });

  it('answers bodies around the 1 MiB limit with a 202 below it and a 413 above, storing nothing for a 413', async () => {
    const overhead = JSON.stringify({ type: 'fuzz.big', data: { s: '' } }).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -64, max: 64 }), fc.constantFrom('a', '\u00e9', '\ud83d\ude00'), async (delta, char) => {
        const bytesPerChar = Buffer.byteLength(char);
        const filler = char.repeat(Math.floor((MAX_BODY_BYTES - overhead + delta) / bytesPerChar));
        const text = JSON.stringify({ type: 'fuzz.big', data: { s: filler } });
        const res = await postEvent({ body: text, headers: { 'content-type': 'application/json' } }, () => JSON.parse(text));
        expect(res.status).toBe(Buffer.byteLength(text) > MAX_BODY_BYTES ? 413 : 202);
      }),
      runs(8),
    );
  });
});

describe('/api/v1/endpoints', () => {
  const KNOWN_PRIVATE = ['http://127.0.0.1:9/fuzz', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest/meta-data', 'http://0x7f000001/', 'http://127.1/'];

  it('answers POST with any body with a 201 that stored one endpoint and one secret, or a 4xx that stored nothing', async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(endpointBody, fc.boolean(), async (body, allowPrivate) => {
        // The URL rule differs when private addresses are refused: fuzz both.
        process.env.ALLOW_PRIVATE_ENDPOINTS = allowPrivate ? '1' : '0';
        resetEnvForTests();
        try {
          const before = await counts(admin.id);
          const res = seen.add(await call(admin.apiKey, 'POST', '/api/v1/endpoints', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
          const after = await counts(admin.id);
          if (res.status !== 201) {
            expect(after).toEqual(before);
            return;
          }
          expect(res.json).toMatchObject({ ...ENDPOINT_SHAPE, secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]+$/) });
          const url = (body as { url: string }).url;
          if (!allowPrivate) expect(KNOWN_PRIVATE, `accepted ${url} with private endpoints refused`).not.toContain(url);
          expect(await db().endpointSecret.count({ where: { endpointId: res.json.id } })).toBe(1);
          expect(after).toEqual({ ...before, endpoints: before.endpoints + 1, secrets: before.secrets + 1 });
        } finally {
          process.env.ALLOW_PRIVATE_ENDPOINTS = harness.env.ALLOW_PRIVATE_ENDPOINTS!;
          resetEnvForTests();
        }
      }),
      runs(250),
    );
    expect(seen.count(201)).toBeGreaterThan(10);
    expect(seen.count(400)).toBeGreaterThan(10);
  });

  it('answers PATCH with any body and id with a 200, or a 4xx that left the endpoint as it was', async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(endpointPatchBody, fc.option(idSegment, { freq: 4 }), async (body, id) => {
        const endpointId = id ?? admin.target;
        const before = await counts(admin.id);
        const row = await db().endpoint.findUniqueOrThrow({ where: { id: admin.target } });
        const res = seen.add(await call(admin.apiKey, 'PATCH', `/api/v1/endpoints/${endpointId}`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
        expect(await counts(admin.id)).toEqual(before);
        if (res.status === 200) {
          expect(res.json).toMatchObject({ ...ENDPOINT_SHAPE, id: admin.target });
          expect(res.json).not.toHaveProperty('secret');
          return;
        }
        expect(await db().endpoint.findUniqueOrThrow({ where: { id: admin.target } })).toEqual(row);
      }),
      runs(250),
    );
    for (const status of [200, 400, 404]) expect(seen.count(status), `no ${status} in ${seen.statuses.length} runs`).toBeGreaterThan(0);
  });
});

describe('/api/v1/endpoints/:id actions', () => {
  it('answers rotate-secret with any body with one new secret, or a 4xx that left the secrets as they were', async () => {
    const seen = tally();
    const secretsOf = () => db().endpointSecret.findMany({ where: { endpointId: admin.target }, orderBy: { id: 'asc' } });
    await fc.assert(
      fc.asyncProperty(rotateBody, async (body) => {
        const before = await secretsOf();
        const res = seen.add(await call(admin.apiKey, 'POST', `/api/v1/endpoints/${admin.target}/rotate-secret`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
        const after = await secretsOf();
        if (res.status !== 200) {
          expect(after).toEqual(before);
          return;
        }
        expect(Object.keys(res.json).sort()).toEqual(['previousSecretExpiresAt', 'secret']);
        expect(res.json.secret).toMatch(/^whsec_/);
        expect(after).toHaveLength(before.length + 1);
        expect(after.filter((s) => s.expiresAt === null)).toHaveLength(1);
      }),
      runs(150),
    );
    expect(seen.count(200)).toBeGreaterThan(5);
    expect(seen.count(400)).toBeGreaterThan(5);
  });

  it('answers recover with any body with every failed delivery in range queued once, or a 4xx that queued nothing', async () => {
    // Deliveries that failed for good: status failed and no job left.
    for (let i = 0; i < 4; i++) await call(producer.apiKey, 'POST', '/api/v1/events', { body: JSON.stringify({ type: 'fuzz.recover', data: { i } }), headers: { 'content-type': 'application/json' } });
    const failed = await db().delivery.updateManyAndReturn({ where: { endpointId: producer.all }, data: { status: 'failed' } });
    const theirJobs = [...new Set((await queuedJobs(failed.map((d) => d.id))).map((j) => j.jobId))];
    await db().$executeRaw`select graphile_worker.complete_jobs(${theirJobs}::bigint[])`;
    const state = () => db().$queryRaw<{ id: string; created_at: Date; job_token: string | null; jobs: bigint; job_tokens: (string | null)[] }[]>`
      select d.id, d.created_at, d.job_token, count(j.id) as jobs, array_agg(j.payload->>'token') filter (where j.id is not null) as job_tokens
        from deliveries d left join graphile_worker._private_jobs j on j.key = 'delivery:' || d.id
       where d.endpoint_id = ${producer.all} group by d.id order by d.id`;
    let recovered = 0;
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(recoverBody, async (body) => {
        const before = await state();
        const { jobs: jobsBefore, ...rowsBefore } = await counts(producer.id);
        const res = seen.add(await call(producer.apiKey, 'POST', `/api/v1/endpoints/${producer.all}/recover`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
        const { jobs: jobsAfter, ...rowsAfter } = await counts(producer.id);
        expect(rowsAfter, 'a recovery adds no event, delivery, endpoint or secret').toEqual(rowsBefore);
        const after = await state();
        if (res.status !== 202) {
          expect(after).toEqual(before);
          expect(jobsAfter).toBe(jobsBefore);
          return;
        }
        expect(Object.keys(res.json).sort()).toEqual(['recovered', 'since', 'until']);
        const since = new Date(res.json.since);
        const until = new Date(res.json.until);
        const inRange = after.filter((d) => d.created_at >= since && d.created_at < until).map((d) => d.id);
        expect(res.json.recovered).toBe(inRange.length);
        recovered += inRange.length;
        // One job per recovered delivery, carrying its current token: no duplicate, no stale one.
        for (const d of after.filter((d) => inRange.includes(d.id))) {
          expect(Number(d.jobs)).toBe(1);
          expect(d.job_tokens).toEqual([d.job_token]);
        }
        for (const d of after.filter((d) => !inRange.includes(d.id))) expect(d).toEqual(before.find((b) => b.id === d.id));
      }),
      runs(150),
    );
    expect(recovered, 'no run recovered anything').toBeGreaterThan(0);
    expect(seen.count(400)).toBeGreaterThan(5);
  });
});

describe('GET routes', () => {
  it('answers list routes with any query string with a page or a 400', async () => {
    let rows = 0;
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/v1/endpoints', '/api/v1/deliveries'), queryString, async (route, query) => {
        const res = seen.add(await call(producer.apiKey, 'GET', `${route}?${query}`));
        expect([200, 400], res.text).toContain(res.status);
        if (res.status === 200) {
          expect(Object.keys(res.json).sort()).toEqual(['data', 'nextCursor']);
          expect(Array.isArray(res.json.data)).toBe(true);
          expect(res.json.nextCursor === null || typeof res.json.nextCursor === 'string').toBe(true);
          rows += res.json.data.length;
        }
      }),
      runs(300),
    );
    expect(rows, 'no page had a row').toBeGreaterThan(0);
    expect(seen.count(400)).toBeGreaterThan(10);
  });

  it('answers reads and actions on any id with a 200, 400 or 404, changing nothing', async () => {
    // Random ids never name a real row, so even DELETE and retry must leave every count alone.
    const routes: [string, (id: string) => string][] = [
      ['GET', (id) => `/api/v1/events/${id}`],
      ['GET', (id) => `/api/v1/deliveries/${id}`],
      ['GET', (id) => `/api/v1/endpoints/${id}`],
      ['GET', (id) => `/api/v1/endpoints/${id}/secret`],
      ['DELETE', (id) => `/api/v1/endpoints/${id}`],
      ['POST', (id) => `/api/v1/deliveries/${id}/retry`],
      ['POST', (id) => `/api/v1/endpoints/${id}/rotate-secret`],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), idSegment, async ([method, path], id) => {
        const before = await counts(producer.id);
        const res = await call(producer.apiKey, method, path(id));
        expect([200, 400, 404], res.text).toContain(res.status);
        expect(await counts(producer.id)).toEqual(before);
      }),
      runs(200),
    );
  });
});

describe('Authorization', () => {
  it('answers any wrong Authorization header with a 401 on every route, changing nothing', async () => {
    const key = () => producer.apiKey;
    const wrong = fc.oneof(
      fc.constant(null),
      headerValue,
      headerValue.map((v) => `Bearer ${v}`),
      fc.constantFrom(
        () => `Bearer ${key().slice(0, -1)}`,
        () => `Bearer ${key()}x`,
        () => `Bearer ${key().toUpperCase()}`,
        () => `Bearer ${key().slice(3)}`,
        () => key(),
        () => `Basic ${key()}`,
        () => `Bearer${key()}`,
        () => `Bearer ${key()} ${key()}`,
        () => `Bearer "${key()}"`,
        () => `Bearer ${Buffer.from(key()).toString('base64')}`,
      ),
    );
    const routes: [string, () => string, string?][] = [
      ['GET', () => '/api/v1/endpoints'],
      ['GET', () => '/api/v1/deliveries?limit=1'],
      ['POST', () => '/api/v1/events', JSON.stringify({ type: 'order.created', data: {} })],
      ['POST', () => '/api/v1/endpoints', JSON.stringify({ url: 'https://example.com/hook' })],
      ['PATCH', () => `/api/v1/endpoints/${admin.target}`, JSON.stringify({ disabled: true })],
      ['DELETE', () => `/api/v1/endpoints/${admin.target}`],
      ['POST', () => `/api/v1/endpoints/${admin.target}/rotate-secret`, '{}'],
      ['POST', () => '/api/v1/deliveries/dlv_0/retry'],
      ['GET', () => '/api/v1/no/such/route'],
    ];
    await fc.assert(
      fc.asyncProperty(wrong, fc.constantFrom(...routes), async (authorization, [method, path, body]) => {
        const before = [await counts(producer.id), await counts(admin.id)];
        const value = typeof authorization === 'function' ? authorization() : authorization;
        const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
        if (value !== null) headers.authorization = value;
        const res = await call(null, method, path(), { body, headers });
        expect(res.status, `Authorization: ${JSON.stringify(value)?.slice(0, 100)}`).toBe(401);
        expect(res.json.error.code).toBe('unauthorized');
        expect([await counts(producer.id), await counts(admin.id)]).toEqual(before);
      }),
      runs(200),
    );
  });
});
