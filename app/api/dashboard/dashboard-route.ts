// The wrapper every /api/dashboard route goes through: the next-auth session instead of
// an API key, tenant membership and role checked on the server, a same-origin check on
// writes (the session is a cookie), and lib/http's error bodies.
import { randomUUID } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { errorResponse } from '@/lib/http/error-response';
import { logger } from '@/lib/observability/logger';
import { recordHttpRequest } from '@/lib/observability/metrics';
import { getSessionUser, type SessionUser } from '@/app/_server/session/get-session-user';
import type { Permission, TenantRole } from '@/lib/session/permissions';
import { tenantAccess } from '@/lib/session/tenant-access';

export type SessionContext = { request: Request; params: Record<string, string>; user: SessionUser };
export type TenantContext = SessionContext & { tenantId: string; role: TenantRole };

type RouteContext = { params?: Promise<Record<string, string | string[]>> };

export function sessionRoute(route: string, handler: (ctx: SessionContext) => Promise<Response>) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = randomUUID();
    const log = logger.child({ requestId, method: request.method, route });
    let response: Response;
    try {
      assertSameOrigin(request);
      const user = await getSessionUser();
      if (!user) throw new AppError('unauthorized', 'sign in to use the dashboard');
      const params = Object.fromEntries(
        Object.entries((await context?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]),
      );
      response = await handler({ request, params, user });
      response.headers.set('cache-control', 'no-store');
    } catch (error) {
      response = errorResponse(error, log, requestId);
    }
    recordHttpRequest(request.method, route, response.status, (performance.now() - started) / 1000);
    return response;
  };
}

/** A route under /t/:tenantId: the user must reach the tenant (else 404) and hold the permission (else 403). */
export function tenantRoute(route: string, permission: Permission, handler: (ctx: TenantContext) => Promise<Response>) {
  return sessionRoute(route, async (ctx) => {
    const { tenant, role } = await tenantAccess(ctx.user, ctx.params.tenantId ?? '', permission);
    return handler({ ...ctx, tenantId: tenant.id, role });
  });
}

export function operatorRoute(route: string, handler: (ctx: SessionContext) => Promise<Response>) {
  return sessionRoute(route, async (ctx) => {
    // 404, not 403: the operator area does not exist for anyone else.
    if (!ctx.user.operator) throw new AppError('not_found', 'not found');
    return handler(ctx);
  });
}

// Writes must come from the dashboard's own pages: browsers send Origin on every
// cross-site POST/PATCH/DELETE, so a mismatch is a forged request riding the cookie.
function assertSameOrigin(request: Request): void {
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || !host || !URL.canParse(origin) || new URL(origin).host !== host) {
    throw new AppError('forbidden', 'cross-origin request refused: send writes from the dashboard');
  }
}
