// The HTTP layer under the resources: fetch (Node 20+'s global), the API key as a Bearer
// token, JSON in and out, typed exceptions, and bounded retries with backoff.
import { errorFromResponse, HooklineConnectionError, HooklineError } from './errors.ts';
import { parseRetryAfter, retryDelayMs, shouldRetry } from './retry.ts';

export const SDK_VERSION = '0.1.0';

export type HooklineOptions = {
  /** Where Hookline runs, e.g. `https://hooks.example.com`; requests go to `<baseUrl>/api/v1/…`. */
  baseUrl: string;
  /** A tenant's API key (`hl_…`). */
  apiKey: string;
  /** Retries after the first try, for answers and errors that allow one (see retry.ts). Default 2. */
  maxRetries?: number;
  /** Per try, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** A Retry-After longer than this is not waited for: the error is thrown at once. Default 60 000. */
  maxRetryDelayMs?: number;
  /** Told about each retry before its wait, e.g. to log it. */
  onRetry?: (retry: RetryInfo) => void;
  /** Another fetch (a proxy agent, a test double). */
  fetch?: typeof fetch;
};

export type RetryInfo = { method: string; path: string; retry: number; delayMs: number; status?: number; error: HooklineError };

export type RequestOptions = {
  query?: Record<string, string | number | boolean | Date | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  /** Sending it twice does what sending it once does without an Idempotency-Key header (a batch whose every item has its own key). */
  repeatable?: boolean;
  /** Overrides the client's maxRetries for this call. */
  maxRetries?: number;
  signal?: AbortSignal;
};

export type ApiResult<T> = { body: T; headers: Headers; status: number };

export class HooklineClient {
  readonly #options: Required<Omit<HooklineOptions, 'onRetry' | 'fetch'>> & Pick<HooklineOptions, 'onRetry'>;
  readonly #fetch: typeof fetch;

  constructor(options: HooklineOptions) {
    if (!options?.baseUrl) throw new TypeError('Hookline: baseUrl is required');
    if (!options.apiKey) throw new TypeError('Hookline: apiKey is required');
    this.#options = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      apiKey: options.apiKey,
      maxRetries: options.maxRetries ?? 2,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
      onRetry: options.onRetry,
    };
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
    const maxRetries = options.maxRetries ?? this.#options.maxRetries;
    const repeatable = method === 'GET' || method === 'PATCH' || options.idempotencyKey !== undefined || options.repeatable === true;
    for (let retry = 0; ; retry++) {
      try {
        return await this.#once<T>(method, path, options);
      } catch (error) {
        if (!(error instanceof HooklineError) || options.signal?.aborted) throw error;
        if (retry >= maxRetries || !shouldRetry(error.status, repeatable)) throw error;
        const delayMs = retryDelayMs(retry + 1, error.retryAfterSeconds);
        if (delayMs > this.#options.maxRetryDelayMs) throw error;
        this.#options.onRetry?.({ method, path, retry: retry + 1, delayMs, status: error.status, error });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  async #once<T>(method: string, path: string, options: RequestOptions): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#options.apiKey}`,
      accept: 'application/json',
      'user-agent': `hookline-sdk/${SDK_VERSION}`,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    let response: Response;
    try {
      response = await this.#fetch(this.#url(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
        redirect: 'error',
      });
    } catch (cause) {
      if (options.signal?.aborted) throw options.signal.reason;
      const timedOut = timeout.aborted;
      throw new HooklineConnectionError({
        code: timedOut ? 'timeout' : 'connection_error',
        message: timedOut ? `no answer from ${method} ${path} within ${this.#options.timeoutMs} ms` : `${method} ${path}: ${describe(cause)}`,
        cause,
      });
    }
    const text = await response.text();
    const body = text === '' ? null : parseJson(text);
    if (!response.ok) throw errorFromResponse(response.status, body, response.headers, parseRetryAfter(response.headers.get('retry-after')));
    return { body: body as T, headers: response.headers, status: response.status };
  }

  #url(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(`${this.#options.baseUrl}/api/v1${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, value instanceof Date ? value.toISOString() : String(value));
    }
    return url.toString();
  }
}

/** A path segment: ids are opaque to the client. */
export const segment = (id: string) => encodeURIComponent(id);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // not JSON (a proxy's HTML error page): the status says enough
  }
}

function describe(cause: unknown): string {
  const inner = (cause as { cause?: { code?: string; message?: string } })?.cause;
  return inner?.code ?? inner?.message ?? (cause as Error)?.message ?? String(cause);
}
