import { METRICS_UNAUTHORIZED, metricsAuthorized } from '@/lib/observability/metrics-auth';
import { metrics } from '@/lib/observability/metrics';

// GET /api/metrics — Prometheus text exposition of this app process's metrics (Bearer METRICS_TOKEN when set)
export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  if (!metricsAuthorized(request.headers.get('authorization'))) {
    const { status, headers, body } = METRICS_UNAUTHORIZED;
    return new Response(body, { status, headers });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
}
