// How to document a route (test/integration/openapi.test.ts fails until you do):
// 1. Parse its input with zod schemas in lib/<domain>/schema.ts, and describe its answer
//    there too: `ZThing = z.object({...}).meta({ id: 'Thing' })`, fields `.describe(...)`d.
//    Make the serializer return `TThing` (z.infer), so neither can change alone.
// 2. In lib/openapi/paths/<domain>.ts export a PathModule: its tag, and `register`, which
//    calls `registry.registerPath({ method, path: '/api/v1/things/{id}', operationId, tags,
//    summary, request: { params: idParam('…'), query: ZThingQuery, body: jsonBody(ZCreateThing) },
//    responses: { 200: ok('The thing', ZThing), ...errors(404) } })` with the helpers below.
// 3. Add the module to PATH_MODULES in lib/openapi/paths/index.ts (one line).
// 4. Run `npx vitest run test/integration/openapi.test.ts`: routes ↔ document, refs, live answers.
import { OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ZApiError } from '../http/schema.ts';

export type PathModule = {
  tag: { name: string; description: string };
  register(registry: OpenAPIRegistry): void;
};

export const SECURITY_SCHEME = 'apiKey';

export function newRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`hl_…`) from `hookline tenant create` or `hookline apikey create`; it belongs to one tenant.',
  });
  return registry;
}

const ZRequestIdHeader = z.string().describe('This request\'s id, also in the logs; quote it when reporting a problem.');

/** A JSON request body from the schema the handler parses. */
export function jsonBody(schema: z.ZodType, options: { example?: unknown; required?: boolean } = {}) {
  return {
    required: options.required ?? true,
    content: { 'application/json': { schema, ...(options.example === undefined ? {} : { example: options.example }) } },
  };
}

/** A success answer: its JSON body (none for 204) and headers besides x-request-id. */
export function ok(description: string, schema?: z.ZodType, headers: Record<string, z.ZodType> = {}): ResponseConfig {
  return {
    description,
    headers: z.object({ 'x-request-id': ZRequestIdHeader, ...headers }),
    ...(schema ? { content: { 'application/json': { schema } } } : {}),
  };
}

const ERRORS = {
  400: 'Invalid input: `details[].path` names each field at fault (`invalid_request`, `invalid_json`).',
  401: 'No API key, or an unknown or revoked one (`unauthorized`).',
  404: 'No such resource in this tenant; another tenant\'s id looks the same (`not_found`).',
  409: 'Conflict with the current state (`conflict`, `idempotency_conflict`).',
  413: 'The body is over 1 MiB (`payload_too_large`).',
  415: 'The body is not `application/json` (`unsupported_media_type`).',
  500: 'An unexpected error; the message carries the request id (`internal_error`).',
  503: 'Hookline is shedding load (`queue_full`); try again after `Retry-After` seconds.',
} as const;

const ZRetryAfter = z.string().describe('Seconds to wait before trying again.');

/** The error answers an operation can give; 401 and 500 are always possible. */
export function errors(...statuses: Exclude<keyof typeof ERRORS, 401 | 500>[]): Record<number, ResponseConfig> {
  const all = [...new Set([...statuses, 401, 500] as (keyof typeof ERRORS)[])].sort();
  return Object.fromEntries(
    all.map((status) => [status, ok(ERRORS[status], ZApiError, status === 503 ? { 'retry-after': ZRetryAfter } : {})]),
  );
}

/** `{id}` in the path. */
export const idParam = (description: string) => z.object({ id: z.string().min(1).describe(description) });
