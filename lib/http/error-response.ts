// Turns anything thrown by a handler into PRODUCT.md's error body. Zod issues name
// the field (`details: [{ path: "url", message }]`); unknown errors are a bare 500 with
// the request id, their message and stack only in the log.
import { ZodError } from 'zod';
import { AppError } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';

export function errorResponse(error: unknown, log: Logger, requestId: string): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
    return json(error.status, { code: error.code, message: error.message, details: error.details }, requestId, headers);
  }
  if (error instanceof ZodError) {
    // An unknown field is reported by zod at its parent's path; name the field itself.
    const details = error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: [...issue.path, key].join('.'), message: `unknown field "${key}"` }))
        : [{ path: issue.path.join('.') || '(body)', message: issue.message }],
    );
    const first = details[0];
    const message = first ? `${first.path}: ${first.message}` : 'invalid request';
    return json(400, { code: 'invalid_request', message, details }, requestId);
  }
  // A NUL in an id or query parameter reaches Postgres, which can't store it (22021).
  if (databaseErrorCode(error) === '22021') {
    return json(400, { code: 'invalid_request', message: 'the request contains a NUL character, which is not allowed' }, requestId);
  }
  log.error({ err: error }, 'unhandled error');
  return json(500, { code: 'internal_error', message: `internal error (request ${requestId})` }, requestId);
}

function json(status: number, error: Record<string, unknown>, requestId: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error }, { status, headers: { 'x-request-id': requestId, ...headers } });
}

function databaseErrorCode(error: unknown): string | undefined {
  return (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null)?.meta?.driverAdapterError?.cause?.originalCode;
}
