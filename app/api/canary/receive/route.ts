import { randomUUID } from 'node:crypto';
import { receiveCanary } from '@/lib/canary/receive-canary';
import { readJsonBody } from '@/lib/http/read-json';
import { errorResponse } from '@/lib/http/error-response';
import { logger } from '@/lib/observability/logger';

// POST /api/canary/receive — the synthetic canary's receiver: signature verified with the canary endpoint's secret, run recorded
export const dynamic = 'force-dynamic';

// The canary's body is a few dozen bytes; anything much larger is not one.
const MAX_BYTES = 16 * 1024;

export async function POST(request: Request) {
  const requestId = randomUUID();
  try {
    const { raw } = await readJsonBody(request, MAX_BYTES);
    const header = (name: string) => request.headers.get(name) ?? '';
    const { runId, recorded } = await receiveCanary({ id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature'), body: raw });
    return Response.json({ runId, recorded });
  } catch (error) {
    return errorResponse(error, logger.child({ route: '/canary/receive' }), requestId);
  }
}
