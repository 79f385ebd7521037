// GET /api/health/live — the process is up (no dependencies checked: a restart won't fix them)
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' });
}
