// readJsonBody reads a request's JSON body within the API's limit, from the Request's
// stream or from a body the server already read and held beside it (withHeldBody,
// `hookline serve`): both give the same value, and the same errors.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { readJsonBody, withHeldBody } from './read-json.ts';

const URL_ = 'http://127.0.0.1/api/v1/events';
const JSON_TYPE = { 'content-type': 'application/json' };
const streamed = (body: string, headers: Record<string, string> = JSON_TYPE) => new Request(URL_, { method: 'POST', headers, body });
const held = (body: string, headers: Record<string, string> = JSON_TYPE) => withHeldBody(new Request(URL_, { method: 'POST', headers }), Buffer.from(body));
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error instanceof AppError ? error.code : String(error)));

describe.each([
  ['streamed', streamed],
  ['held', held],
])('readJsonBody, body %s', (_, make) => {
  it('parses the body, and keeps its text', async () => {
    const body = JSON.stringify({ type: 'order.created', data: { name: 'Zoë' } });
    expect(await readJsonBody(make(body))).toEqual({ value: { type: 'order.created', data: { name: 'Zoë' } }, raw: body });
  });

  it('refuses a body past the limit, an empty one, one that is not JSON, and another media type', async () => {
    expect(await failure(readJsonBody(make(JSON.stringify({ blob: 'x'.repeat(100) })), 50))).toBe('payload_too_large');
    expect(await failure(readJsonBody(make('  ')))).toBe('invalid_json');
    expect(await failure(readJsonBody(make('{"type":')))).toBe('invalid_json');
    expect(await failure(readJsonBody(make('hello', { 'content-type': 'text/plain' })))).toBe('unsupported_media_type');
  });
});
