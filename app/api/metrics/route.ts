import { metrics } from '@/lib/observability/metrics';

// GET /api/metrics — Prometheus text exposition of this app process's metrics
export const dynamic = 'force-dynamic';

export async function GET() {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
}
