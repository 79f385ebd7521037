// The wrapper every /api/v1 route handler goes through: a request id, a trace span
// (continuing an incoming traceparent), a log context carrying both (and the tenant once
// authenticated, and whatever the handler adds, e.g. the eventId), API-key
// authentication, and one place where errors become responses.
import { randomUUID } from 'node:crypto';
import { authenticateApiKey, type ApiPrincipal } from '../auth/authenticate-api-key.ts';
import { addLogContext, withLogContext } from '../observability/log-context.ts';
import { logger, type Logger } from '../observability/logger.ts';
import { recordHttpRequest } from '../observability/metrics.ts';
import { requestContext, SpanKind, SpanStatusCode, withSpan } from '../observability/tracing.ts';
import { errorResponse } from './error-response.ts';

export type ApiContext = ApiPrincipal & {
  request: Request;
  params: Record<string, string>;
  log: Logger;
  requestId: string;
};

type RouteContext = { params?: Promise<Record<string, string | string[]>> };

export function apiRoute(route: string, handler: (ctx: ApiContext) => Promise<Response>) {
  return (request: Request, context?: RouteContext): Promise<Response> =>
    withSpan(
      `${request.method} /api${route}`,
      { kind: SpanKind.SERVER, parent: requestContext(request), attributes: { 'http.request.method': request.method, 'http.route': `/api${route}` } },
      async (span) => {
        const started = performance.now();
        const requestId = request.headers.get('x-request-id')?.slice(0, 100) || randomUUID();
        // Correlation fields go in the log context, so lines from lib/ (create-event's
        // eventId) carry them too; the request's own details are bindings.
        return withLogContext({ requestId, traceId: span.spanContext().traceId }, async () => {
          const log = logger.child({ method: request.method, route });
          let response: Response;
          try {
            const principal = await authenticateApiKey(request.headers.get('authorization'));
            span.setAttribute('hookline.tenant_id', principal.tenantId);
            addLogContext({ tenantId: principal.tenantId });
            const params = Object.fromEntries(
              Object.entries((await context?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]),
            );
            response = await handler({ ...principal, request, params, log, requestId });
            response.headers.set('x-request-id', requestId);
          } catch (error) {
            response = errorResponse(error, log, requestId);
          }
          span.setAttribute('http.response.status_code', response.status);
          if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          const seconds = (performance.now() - started) / 1000;
          recordHttpRequest(request.method, route, response.status, seconds);
          log.info({ status: response.status, ms: Math.round(seconds * 1000) }, 'request');
          return response;
        });
      },
    );
}
