// The canary's receiving end (POST /api/canary/receive): a consumer like any other,
// verifying the Standard Webhooks signature with the canary endpoint's secrets, then
// recording the run as received. Its latency is measured on the database's clock, from
// the run's start to now, so the worker's and the app's clocks don't enter into it.
// A late arrival (its run already concluded as failed) keeps ok = false but records when.
import { z } from 'zod';
import { db } from '../db.ts';
import { signingSecrets } from '../endpoints/signing-secrets.ts';
import { AppError } from '../errors.ts';
import { verifySignature } from '../signing/verify-signature.ts';
import { CANARY_ENDPOINT_ID, CANARY_EVENT_TYPE } from './canary-ids.ts';

const ZCanaryBody = z.object({
  type: z.literal(CANARY_EVENT_TYPE),
  data: z.object({ canaryRunId: z.number().int().positive() }),
});

export type CanaryReceipt = { id: string; timestamp: string; signature: string; body: string };

export async function receiveCanary(receipt: CanaryReceipt): Promise<{ runId: number; recorded: boolean }> {
  const secrets = await signingSecrets(CANARY_ENDPOINT_ID);
  const verified = secrets.some(({ secret }) =>
    verifySignature({ header: receipt.signature, id: receipt.id, timestamp: receipt.timestamp, body: receipt.body, secret }),
  );
  if (!verified) throw new AppError('unauthorized', 'the webhook signature does not verify with the canary endpoint’s secret');
  const parsed = ZCanaryBody.safeParse(safeJson(receipt.body));
  if (!parsed.success) throw new AppError('invalid_request', 'not a canary event');
  const runId = parsed.data.data.canaryRunId;
  const updated = await db().$executeRaw`
    update canary_runs
       set delivered_at = now(), ok = coalesce(ok, true),
           latency_ms = greatest(0, round(extract(epoch from now() - started_at) * 1000))::int
     where id = ${runId} and delivered_at is null`;
  return { runId, recorded: updated > 0 };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
