// The wrapper every /api/v1 route handler goes through: a request id, a child logger,
// API-key authentication, and one place where errors become responses.
import { randomUUID } from 'node:crypto';
import { authenticateApiKey, type ApiPrincipal } from '../auth/authenticate-api-key.ts';
import { logger, type Logger } from '../observability/logger.ts';
import { recordHttpRequest } from '../observability/metrics.ts';
import { errorResponse } from './error-response.ts';

export type ApiContext = ApiPrincipal & {
  request: Request;
  params: Record<string, string>;
  log: Logger;
  requestId: string;
};

type RouteContext = { params?: Promise<Record<string, string | string[]>> };

export function apiRoute(route: string, handler: (ctx: ApiContext) => Promise<Response>) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = request.headers.get('x-request-id')?.slice(0, 100) || randomUUID();
    const log = logger.child({ requestId, method: request.method, route });
    let response: Response;
    try {
      const principal = await authenticateApiKey(request.headers.get('authorization'));
      const params = Object.fromEntries(
        Object.entries((await context?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]),
      );
      response = await handler({ ...principal, request, params, log: log.child({ tenantId: principal.tenantId }), requestId });
      response.headers.set('x-request-id', requestId);
    } catch (error) {
      response = errorResponse(error, log, requestId);
    }
    const seconds = (performance.now() - started) / 1000;
    recordHttpRequest(request.method, route, response.status, seconds);
    log.info({ status: response.status, ms: Math.round(seconds * 1000) }, 'request');
    return response;
  };
}
