import { checkReadiness } from '@/lib/health/check-readiness';

// GET /api/health/ready — 200 when the database answers and every migration is applied
export const dynamic = 'force-dynamic';

export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.status === 'ok' ? 200 : 503 });
}
