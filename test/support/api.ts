// Calls the real route handlers in-process with real Requests: the same code path as
// `hookline serve` minus the HTTP server and Next's router (test/system/app-server.test.ts
// and the Playwright suite cover those).
import * as endpoints from '@/app/api/v1/endpoints/route';
import * as endpoint from '@/app/api/v1/endpoints/[id]/route';
import * as rotateSecret from '@/app/api/v1/endpoints/[id]/rotate-secret/route';
import * as secret from '@/app/api/v1/endpoints/[id]/secret/route';
import * as recover from '@/app/api/v1/endpoints/[id]/recover/route';
import * as events from '@/app/api/v1/events/route';
import * as eventBatch from '@/app/api/v1/events/batch/route';
import * as event from '@/app/api/v1/events/[id]/route';
import * as deliveries from '@/app/api/v1/deliveries/route';
import * as delivery from '@/app/api/v1/deliveries/[id]/route';
import * as retry from '@/app/api/v1/deliveries/[id]/retry/route';
import * as fallback from '@/app/api/v1/[...path]/route';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<'GET' | 'POST' | 'PATCH' | 'DELETE', Handler>>;

const ROUTES: [RegExp, RouteModule][] = [
  [/^\/api\/v1\/endpoints$/, endpoints],
  [/^\/api\/v1\/endpoints\/(?<id>[^/]+)$/, endpoint],
  [/^\/api\/v1\/endpoints\/(?<id>[^/]+)\/rotate-secret$/, rotateSecret],
  [/^\/api\/v1\/endpoints\/(?<id>[^/]+)\/secret$/, secret],
  [/^\/api\/v1\/endpoints\/(?<id>[^/]+)\/recover$/, recover],
  [/^\/api\/v1\/events$/, events],
  // Before /events/{id}: as in Next, a static segment wins over a dynamic one.
  [/^\/api\/v1\/events\/batch$/, eventBatch],
  [/^\/api\/v1\/events\/(?<id>[^/]+)$/, event],
  [/^\/api\/v1\/deliveries$/, deliveries],
  [/^\/api\/v1\/deliveries\/(?<id>[^/]+)$/, delivery],
  [/^\/api\/v1\/deliveries\/(?<id>[^/]+)\/retry$/, retry],
  [/^\/api\/v1\/(?<path>.+)$/, fallback],
];

export type ApiCall = { body?: unknown; rawBody?: string; headers?: Record<string, string> };
export type ApiResponse<T = any> = { status: number; headers: Headers; body: T };

export function apiClient(apiKey: string | null) {
  return async function call<T = any>(method: string, path: string, options: ApiCall = {}): Promise<ApiResponse<T>> {
    const url = new URL(path, 'http://localhost');
    const match = ROUTES.map(([pattern, module]) => ({ m: pattern.exec(url.pathname), module })).find(({ m }) => m);
    const handler = match?.module[method as keyof RouteModule];
    if (!match || !handler) throw new Error(`test router: no handler for ${method} ${url.pathname}`);
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const request = new Request(url, {
      method,
      body,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...options.headers,
      },
    });
    // Next decodes path parameters before handing them over; so does this router.
    const params = Object.fromEntries(Object.entries(match.m!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    const response = await handler(request, { params: Promise.resolve(params) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}

export type RawResponse = { status: number; headers: Headers; text: string };

/**
 * The same router with nothing added: exactly these headers (no JSON content type, no
 * Authorization) and a body of any bytes, answered as text, for tests of malformed input.
 */
export async function rawApiRequest(
  method: string,
  path: string,
  options: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const url = new URL(path, 'http://localhost');
  const match = ROUTES.map(([pattern, module]) => ({ m: pattern.exec(url.pathname), module })).find(({ m }) => m);
  const handler = match?.module[method as keyof RouteModule];
  if (!match || !handler) throw new Error(`test router: no handler for ${method} ${url.pathname}`);
  const request = new Request(url, { method, body: options.body as BodyInit | undefined, headers: options.headers ?? {} });
  const params = Object.fromEntries(Object.entries(match.m!.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
