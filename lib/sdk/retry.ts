// When the client tries a request again, and after how long. Pure, for the tests.

/** 429 and 503: the server refused the request and did nothing, so any request may go again. */
const REFUSED = new Set([429, 503]);
/** 502 and 504: a proxy lost the answer; the request may have been applied. */
const UNKNOWN_OUTCOME = new Set([502, 504]);

/**
 * Whether a failed try may be repeated. `repeatable` means sending it twice does what
 * sending it once does: GET, PATCH, or a request with an Idempotency-Key.
 * `status` is undefined when no answer came (connection error, timeout).
 */
export function shouldRetry(status: number | undefined, repeatable: boolean): boolean {
  if (status === undefined) return repeatable;
  return REFUSED.has(status) || (repeatable && UNKNOWN_OUTCOME.has(status));
}

export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 8_000;

/**
 * The wait before retry number `retry` (1, 2, …): Retry-After when the server sent it,
 * else 0.5 s, 1 s, 2 s, … up to 8 s, each scaled by a random 50–100 % so that many
 * clients failing at once don't come back at once.
 */
export function retryDelayMs(retry: number, retryAfterSeconds: number | undefined, random: () => number = Math.random): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** (retry - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/** Retry-After (RFC 9110 §10.2.3) in seconds: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP date names its day and month; Date.parse would also read "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
