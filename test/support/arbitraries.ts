// fast-check arbitraries for hostile API input: strings Postgres or the URL parser choke
// on, JSON that is almost right, header values of every legal byte, query strings with
// broken escapes. test/integration/fuzz.test.ts combines them per route.
import fc from 'fast-check';

/** The string as UTF-8 carries it: each lone surrogate becomes U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Any UTF-16 code unit, lone surrogates included (they can't be stored as UTF-8). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

// Values that broke, or could break, something somewhere: NUL (Postgres text), lone
// surrogates (UTF-8), prototype keys (plain-object assignment), bidi and astral
// characters, lengths just past each schema's limit, SQL and template syntax.
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d\ude00',
  '\u202e\u2066',
  '\ufeff',
  '\u00a0',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "'; drop table events; --",
  '${process.exit(1)}',
  '%00',
  '%zz',
  '\\u0000',
  'null',
  'true',
  '1e400',
  '-0',
  'NaN',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(255),
  'x'.repeat(256),
  'x'.repeat(501),
  'x'.repeat(2049),
  '\u00e9'.repeat(40_000),
];

export const weirdString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', 'a', '.', '/', '%', '"', '\\'), maxLength: 20 }),
);

/** Numbers JSON can carry, including the edges of int4 and of double precision. */
export const weirdNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, 0.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE, 100_000, 100_001),
);

/** Any JSON value, strings drawn from every code unit. */
export const weirdJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3, stringUnit: codeUnit }),
  fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
);

/** `levels` containers inside one another, objects or arrays: 64 is the accepted maximum. */
export const deepJson: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 60, max: 70 }), fc.boolean())
  .map(([levels, arrays]) => {
    let value: unknown = { leaf: true };
    for (let i = 1; i < levels; i++) value = arrays && i % 2 === 0 ? [value] : { v: value };
    return value;
  });

/** A JSON object whose keys are the nasty ones: `__proto__`, NUL, surrogates, empty. */
export const weirdObject: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', '', '\u0000', '\ud800'), weirdString), fc.oneof(weirdJson, weirdString)), {
    maxLength: 6,
  })
  // JSON.parse makes `__proto__` an own property; so must this, or it sets the prototype.
  .map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`));

// The first ones are what fuzz.test.ts's endpoints subscribe to, so fan-out varies.
export const validEventType = fc.oneof(fc.constantFrom('order.created', 'fuzz.a'), fc.stringMatching(/^[A-Za-z0-9_.:\-/]{1,128}$/));

/** Bodies for POST /events: mostly almost valid, each field sometimes wrong or missing. */
export const eventBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: weirdJson },
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          type: fc.oneof({ weight: 3, arbitrary: validEventType }, { weight: 2, arbitrary: weirdString }, { weight: 1, arbitrary: weirdJson }),
          data: fc.oneof({ weight: 3, arbitrary: weirdObject }, { weight: 2, arbitrary: weirdJson }, { weight: 1, arbitrary: deepJson }),
          extra: weirdJson,
        },
        { requiredKeys: [] },
      )
      // An unknown field is only sometimes there: strictObject must name it.
      .chain((body) => fc.boolean().map((keepExtra) => {
        if (keepExtra) return body;
        const { extra: _extra, ...rest } = body;
        return rest;
      })),
  },
);

/** Text that is almost JSON: truncated, padded, BOM'd, with numbers JSON.parse turns odd. */
export const almostJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: codeUnit, maxLength: 200 }),
  fc.constantFrom(
    '{',
    '}',
    '[]',
    'null',
    '"x"',
    '{"type":"a","data":{}',
    '{"type":"a","data":{},}',
    '{"type":"a","type":"b","data":{}}',
    '{"type":"a","data":{"n":1e400}}',
    '{"type":"a","data":{"n":-0}}',
    '{"type":"a","data":{"__proto__":{"polluted":true}}}',
    '\ufeff{"type":"a","data":{}}',
    '{"type":"a\\u0000","data":{}}',
    '{"type":"a","data":{"s":"\\ud800"}}',
    '{"type":"a","data":{"\\u0000":"\\u0000"}}',
    `{"type":"a","data":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  ),
  fc.tuple(fc.jsonValue(), fc.nat(), fc.string({ maxLength: 3 })).map(([value, cut, junk]) => {
    const text = JSON.stringify({ type: 'fuzz.text', data: { value } });
    const at = cut % (text.length + 1);
    return text.slice(0, at) + junk + text.slice(at);
  }),
);

/** Raw bytes, invalid UTF-8 included. */
export const bodyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.tuple(fc.uint8Array({ maxLength: 4 }), fc.constantFrom(0xc0, 0xed, 0xf4, 0xff, 0x80)).map(([bytes, bad]) => {
    const body = new TextEncoder().encode(`{"type":"bytes","data":{"s":"${'x'.repeat(bytes.length)}`);
    return Uint8Array.from([...body, bad, ...bytes, ...new TextEncoder().encode('"}}')]);
  }),
);

/** What a header value may hold on the wire: tab, visible ASCII, space, obs-text (0x80–0xFF). */
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.constantFrom(0x09, 0x80, 0xa0, 0xff),
  fc.integer({ min: 0x80, max: 0xff }),
).map((c) => String.fromCharCode(c));

export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: headerChar, maxLength: 60 }),
  fc.constantFrom('', ' ', '\t', 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(100_000), '\u00ff'.repeat(200)),
);

export const contentType: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'APPLICATION/JSON',
    'application/cloudevents+json',
    'application/jsonx',
    'application/json-patch+json',
    'text/plain',
    'text/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    '*/*',
  ),
  headerValue,
);

/** Bodies for POST and PATCH /endpoints. */
const NASTY_URLS = [
  'http://127.0.0.1:9/fuzz',
  'https://example.com/hook',
  'http://[::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[fe80::1]/',
  'http://169.254.169.254/latest/meta-data',
  'http://0x7f000001/',
  'http://2130706433/',
  'http://127.1/',
  'http://localhost./',
  'http://a.localhost/',
  'http://metadata.google.internal/',
  'http://user:pass@example.com/',
  'http://exa mple.com/',
  'http://xn--nxasmq6b.com/',
  'http://ex\u00e4mple.com/',
  'http://example.com:99999/',
  'http:///x',
  'http:example.com',
  'https://',
  'ftp://example.com/',
  'javascript:alert(1)',
  'data:text/plain,x',
  'file:///etc/passwd',
  ` https://example.com/${'p'.repeat(2030)} `,
  `https://example.com/${'p'.repeat(2100)}`,
  'https://example.com/\u0000',
  'https://example.com/\ud800',
];

export const endpointUrl: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_URLS),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.ipV6().map((ip) => `http://[${ip}]/`),
  fc.ipV4Extended().map((ip) => `http://${ip}/`),
  weirdString,
  weirdJson,
);

/** Mostly `good`, sometimes `bad`: each field of a body is wrong only now and then, so whole bodies still pass. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: bad });

/** A body of `fields` (each present or not), with an unknown field one time in eight. */
function bodyOf(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.option(fc.tuple(weirdString, weirdJson), { freq: 7 }))
    .map(([body, extra]) => (extra ? JSON.parse(JSON.stringify({ ...body, [extra[0]]: extra[1] })) : body));
}

const goodUrl = fc.oneof(fc.constantFrom('http://127.0.0.1:9/fuzz', 'https://example.com/hook'), fc.webUrl());
const endpointFields = {
  description: mostly(fc.string({ maxLength: 80 }), fc.oneof(weirdString, weirdJson)),
  eventTypes: mostly(fc.array(validEventType, { maxLength: 4 }), fc.oneof(fc.array(weirdString, { maxLength: 3 }), weirdJson, fc.constant(Array(101).fill('a')))),
  rateLimitPerSecond: mostly(fc.option(fc.integer({ min: 1, max: 100_000 })), fc.oneof(weirdNumber, weirdJson)),
  ordered: mostly(fc.boolean(), weirdJson),
};

/** Bodies for POST /endpoints: url required. */
export const endpointBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: weirdJson },
  { weight: 6, arbitrary: bodyOf({ url: mostly(goodUrl, endpointUrl), ...endpointFields }).filter((b) => typeof b === 'object' && b !== null && 'url' in b) },
  { weight: 1, arbitrary: bodyOf({ url: endpointUrl, ...endpointFields }) },
);

/** Bodies for PATCH /endpoints/:id: every field optional, plus `disabled`. */
export const endpointPatchBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: weirdJson },
  { weight: 6, arbitrary: bodyOf({ url: mostly(goodUrl, endpointUrl), ...endpointFields, disabled: mostly(fc.boolean(), weirdJson) }) },
);

/** Values for list filters: numbers in every spelling, ISO dates at the edges of the calendar. */
export const queryValue: fc.Arbitrary<string> = fc.oneof(
  weirdString,
  fc.integer().map(String),
  fc.constantFrom('0', '1', '250', '251', '-1', '1.5', '1e2', '1e400', ' 5 ', '0x10', '0b1', 'Infinity', 'NaN', ''),
  fc.constantFrom('pending', 'retrying', 'succeeded', 'failed', 'PENDING', 'msg_', 'dlv_0', 'ep_\u0000'),
  fc.constantFrom(
    '2026-01-01T00:00:00Z', '2026-01-01', '2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z',
    '0000-01-01T00:00:00+23:59', '0999-12-31T23:59:59Z', '9999-12-31T23:59:59-23:59', '9999-12-31T23:59:59.999999999Z',
    '1970-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00+2400',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

const QUERY_NAMES = ['limit', 'cursor', 'status', 'endpointId', 'eventId', 'eventType', 'since', 'until', 'iterator', 'before', 'after'];

/** A query string: mostly known parameters with odd values, repeated ones, or raw escapes. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_NAMES) }, { weight: 1, arbitrary: weirdString }), queryValue), { maxLength: 5 })
    .map((pairs) => new URLSearchParams(pairs.map(([k, v]) => [wellFormed(k), wellFormed(v)])).toString()),
  fc.string({ unit: fc.constantFrom('%', '0', '0', 'e', 'd', 'a', 'f', 'z', '&', '=', '+', 'limit', 'cursor', 'since'), maxLength: 30 }),
);

/** A path segment for an id: any text, percent-encoded as a client would send it. */
export const idSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('msg_0', 'ep_0', 'dlv_0', '%00', '%2F', '%20', 'x'.repeat(3000)),
  weirdString.map((s) => encodeURIComponent(wellFormed(s))).filter((s) => s.length > 0),
);

/** Bodies for POST /endpoints/:id/recover: date-times at the calendar's edges, or junk. */
export const recoverBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: weirdJson },
  {
    weight: 4,
    arbitrary: bodyOf({
      since: fc.oneof(queryValue, fc.constantFrom('2020-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z'), weirdJson),
      until: fc.oneof(queryValue, fc.date({ min: new Date('2020-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())),
    }),
  },
);

/** Bodies for POST /endpoints/:id/rotate-secret. */
export const rotateBody: fc.Arbitrary<unknown> = fc.oneof(
  weirdJson,
  bodyOf({ graceHours: fc.oneof(weirdNumber, weirdJson, fc.constantFrom(0, 720, 720.0001, -0.0001)) }),
);

/** W3C traceparent values: well formed, all-zero ids, a future version, or any header text. */
export const traceparent: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('00', 'ff', '01', 'zz'), fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[0-9a-f]{16}$/), fc.constantFrom('00', '01', 'ff'), fc.constantFrom('', '-extra', ' '))
    .map(([version, trace, span, flags, tail]) => `${version}-${trace}-${span}-${flags}${tail}`),
  fc.constantFrom(`00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`, `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`),
  headerValue,
);
