// Typed exceptions: every failed call throws a HooklineError; the subclass says what
// kind, and `status`, `code`, `field`/`issues` and `requestId` say the rest.
import type { ErrorCode } from '../errors.ts';
import type { TErrorDetail } from '../http/schema.ts';

export type HooklineErrorCode = ErrorCode | 'connection_error' | 'timeout' | 'http_error';

type ErrorInit = {
  status?: number;
  code: HooklineErrorCode;
  message: string;
  details?: unknown;
  requestId?: string;
  retryAfterSeconds?: number;
  cause?: unknown;
};

export class HooklineError extends Error {
  /** The HTTP status; undefined when no answer came (HooklineConnectionError). */
  readonly status: number | undefined;
  readonly code: HooklineErrorCode;
  readonly details: unknown;
  /** Each invalid field with its message (400s); empty otherwise. */
  readonly issues: TErrorDetail[];
  /** The first invalid field's path, e.g. `url` or `Idempotency-Key`. */
  readonly field: string | undefined;
  /** The server's x-request-id: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** From Retry-After (429, 503), in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.issues = Array.isArray(init.details) ? (init.details as TErrorDetail[]).filter((d) => typeof d?.path === 'string') : [];
    this.field = this.issues[0]?.path;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** 400, 413, 415: the request was refused as sent; `field` and `issues` say why. */
export class HooklineValidationError extends HooklineError {}
/** 401: no API key, or an unknown or revoked one. */
export class HooklineAuthenticationError extends HooklineError {}
/** 403. */
export class HooklinePermissionError extends HooklineError {}
/** 404: no such resource in this key's tenant. */
export class HooklineNotFoundError extends HooklineError {}
/** 409: an Idempotency-Key reused with another body, or a state conflict. */
export class HooklineConflictError extends HooklineError {}
/** 429: slow down; `retryAfterSeconds` says for how long. */
export class HooklineRateLimitError extends HooklineError {}
/** 5xx: Hookline (or a proxy in front of it) failed or is shedding load. */
export class HooklineServerError extends HooklineError {}
/** No answer: connection refused or reset, DNS, or the timeout. */
export class HooklineConnectionError extends HooklineError {}

const BY_STATUS: Record<number, typeof HooklineError> = {
  400: HooklineValidationError,
  401: HooklineAuthenticationError,
  403: HooklinePermissionError,
  404: HooklineNotFoundError,
  409: HooklineConflictError,
  413: HooklineValidationError,
  415: HooklineValidationError,
  422: HooklineValidationError,
  429: HooklineRateLimitError,
};

/** The exception for an error answer, from its `{ error: { code, message, details } }` body when it has one. */
export function errorFromResponse(status: number, body: unknown, headers: Headers, retryAfterSeconds: number | undefined): HooklineError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const hasBody = typeof error?.code === 'string' && typeof error.message === 'string';
  const Class = BY_STATUS[status] ?? (status >= 500 ? HooklineServerError : HooklineError);
  return new Class({
    status,
    code: hasBody ? (error!.code as HooklineErrorCode) : 'http_error',
    message: hasBody ? (error!.message as string) : `HTTP ${status}`,
    details: hasBody ? error!.details : undefined,
    requestId: headers.get('x-request-id') ?? undefined,
    retryAfterSeconds,
  });
}
