// Sends one webhook over HTTP with undici: a keep-alive pool per origin (≈ 4× Node's
// fetch here), no redirects, an overall timeout, and a DNS lookup that refuses
// private addresses at connect time (a hostname can resolve to 127.0.0.1 long after
// it passed registration), asking DNS_RESOLVER's servers when it is set.
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import { isBlockedAddress } from '../endpoints/url-safety.ts';
import { env } from '../env.ts';
import { classifyError, type ErrorClass } from './classify-error.ts';
import { parseRetryAfter } from './retry-after.ts';
import { createSafeLookup } from './safe-lookup.ts';

export const MAX_RESPONSE_BODY_BYTES = 64 * 1024;

export type SendResult = {
  ok: boolean;
  statusCode: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  errorClass: ErrorClass | null;
  errorMessage: string | null;
  durationMs: number;
  retryAfterMs: number | null;
};

export type SendOptions = {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  /** Aborts the attempt early: the worker is shutting down. */
  shutdown?: AbortSignal;
};

const agents = new Map<string, Agent>();

function agentFor(allowPrivate: boolean): Agent {
  // One pool per lookup policy; DNS_RESOLVER is read each time so tests can change it.
  const servers = env().DNS_RESOLVER;
  const key = `${allowPrivate} ${servers?.join(',') ?? 'system'}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: { lookup: createSafeLookup({ allowPrivate, servers }), timeout: 10_000 },
      keepAliveTimeout: 4_000,
      connections: 64,
    });
    agents.set(key, agent);
  }
  return agent;
}

export async function sendWebhook(options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: unknown): SendResult => {
    const { errorClass, message } = options.shutdown?.aborted
      ? { errorClass: 'worker_shutdown' as const, message: 'the worker shut down during the attempt; it will be made again' }
      : classifyError(error);
    return { ok: false, statusCode: null, responseHeaders: null, responseBody: null, errorClass, errorMessage: storableText(message), durationMs: elapsed(), retryAfterMs: null };
  };
  let url: Target;
  try {
    url = target(options.url);
    assertLiteralAddressAllowed(url, options.allowPrivate);
  } catch (error) {
    return failed(error);
  }
  const attempt = dispatchPost(url, options);
  // One timer per attempt: AbortSignal.timeout plus AbortSignal.any cost ~2 % of a
  // draining worker's CPU (Node 20).
  const timer = setTimeout(() => attempt.abort(new DOMException('no response within the timeout', 'TimeoutError')), options.timeoutMs);
  const stopWatching = options.shutdown ? abortOnShutdown(options.shutdown, attempt) : () => undefined;
  try {
    const response = await attempt.done;
    const responseHeaders = flattenHeaders(response.headers);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return {
      ok,
      statusCode: response.statusCode,
      responseHeaders,
      responseBody: storableText(response.body),
      errorClass: ok ? null : 'http_status',
      errorMessage: ok ? null : `endpoint answered HTTP ${response.statusCode}`,
      durationMs: elapsed(),
      retryAfterMs: response.statusCode === 429 || response.statusCode === 503 ? parseRetryAfter(responseHeaders['retry-after']) : null,
    };
  } catch (error) {
    return failed(error);
  } finally {
    clearTimeout(timer);
    stopWatching();
  }
}

/** What a request needs of its URL. */
type Target = { origin: string; path: string; hostname: string };

// Endpoint URLs parsed once per process, not once per attempt; the oldest entries go
// first past the bound.
const MAX_TARGETS = 10_000;
const targets = new Map<string, Target>();

function target(href: string): Target {
  let found = targets.get(href);
  if (!found) {
    const url = new URL(href);
    found = { origin: url.origin, path: `${url.pathname}${url.search}`, hostname: url.hostname };
    if (targets.size >= MAX_TARGETS) targets.delete(targets.keys().next().value!);
    targets.set(href, found);
  }
  return found;
}

type Answer = { statusCode: number; headers: IncomingHttpHeaders; body: string };
type Abortable = { abort(reason: unknown): void };

/**
 * The POST through undici's dispatcher with a handler of our own, not `request()`: no
 * body stream, no AbortSignal, no promise per chunk — half the client's CPU per request
 * (33–34 against 63–68 µs at 32 in flight on loopback; docs/benchmark.md, "Sixth round"). The
 * answer's first MAX_RESPONSE_BODY_BYTES are kept, and the request is cut there: the rest
 * is neither stored nor waited for. `abort` settles at once, before the request reached
 * a socket too (undici then cancels it when it gets there).
 */
function dispatchPost(url: Target, options: SendOptions): Abortable & { done: Promise<Answer> } {
  let controller: Dispatcher.DispatchController | undefined;
  let abortedWith: Error | undefined;
  let settle!: { resolve(answer: Answer): void; reject(error: unknown): void };
  const done = new Promise<Answer>((resolve, reject) => (settle = { resolve, reject }));
  let answer: { statusCode: number; headers: IncomingHttpHeaders } | undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  const body = () => Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BODY_BYTES).toString('utf8');
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(started) {
      controller = started;
      if (abortedWith) started.abort(abortedWith);
    },
    onResponseStart(_, statusCode, headers) {
      answer = { statusCode, headers };
    },
    onResponseData(current, chunk) {
      if (cut) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_RESPONSE_BODY_BYTES) {
        cut = true;
        current.abort(new Error('response body past the stored prefix'));
      }
    },
    onResponseEnd() {
      if (answer) settle.resolve({ ...answer, body: body() });
      else settle.reject(new Error('the response ended without a status'));
    },
    onResponseError(_, error) {
      // Cut by us after the stored prefix: the answer stands.
      if (cut && answer) settle.resolve({ ...answer, body: body() });
      else settle.reject(error);
    },
  };
  try {
    agentFor(options.allowPrivate).dispatch({ origin: url.origin, path: url.path, method: 'POST', headers: options.headers, body: options.body }, handler);
  } catch (error) {
    settle.reject(error);
  }
  return {
    done,
    abort(reason) {
      const error = reason instanceof Error ? reason : new Error(String(reason));
      abortedWith ??= error;
      if (controller && !controller.aborted) controller.abort(error);
      settle.reject(error);
    },
  };
}

// The worker's shutdown signal is one for all its attempts: one listener on it aborts
// every attempt in flight (a listener per attempt passed Node's limit of 10 per signal).
const inFlight = new WeakMap<AbortSignal, Set<Abortable>>();

function abortOnShutdown(shutdown: AbortSignal, attempt: Abortable): () => void {
  if (shutdown.aborted) {
    attempt.abort(shutdown.reason);
    return () => undefined;
  }
  let attempts = inFlight.get(shutdown);
  if (!attempts) {
    const all = new Set<Abortable>();
    shutdown.addEventListener('abort', () => all.forEach((a) => a.abort(shutdown.reason)), { once: true });
    inFlight.set(shutdown, all);
    attempts = all;
  }
  attempts.add(attempt);
  return () => attempts.delete(attempt);
}

// net.connect skips the lookup for IP literals, so those are checked here.
function assertLiteralAddressAllowed(url: Target, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (/^[\d.]+$|:/.test(host) && isBlockedAddress(host)) {
    throw Object.assign(new Error(`address ${host} is not allowed (private, loopback or reserved)`), { code: 'EBLOCKED_ADDRESS' });
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

// Postgres text can't hold NUL; a binary or compressed answer must not make the
// attempt unrecordable (the job would fail and send the webhook again).
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

export async function closeHttpAgents(): Promise<void> {
  await Promise.all([...agents.values()].map((agent) => agent.close()));
  agents.clear();
}
