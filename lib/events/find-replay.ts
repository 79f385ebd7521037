// Idempotency keys, shared by POST /events (its header) and POST /events/batch (a key per
// item): the same key with the same body within 24 h answers with the first event and
// creates nothing; with another body it is a conflict. After 24 h the key is free again:
// whoever finds it expired takes it from the old event, which keeps everything else.
import { createHash } from 'node:crypto';
import { db, type Prisma, type Tx } from '../db.ts';
import { AppError } from '../errors.ts';
import { acceptedEvent, type AcceptedEvent } from './serialize-event.ts';
import type { TCreateEvent } from './schema.ts';

const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

/** What "the same body" means: the parsed `{ type, data }`, whichever endpoint sent it. */
export function requestHashOf(input: TCreateEvent): string {
  return createHash('sha256').update(JSON.stringify({ type: input.type, data: input.data })).digest('hex');
}

// Deliveries in id order: the order the first answer listed them in (fan-out-event.ts).
const HOLDER = {
  id: true,
  type: true,
  createdAt: true,
  requestHash: true,
  idempotencyKey: true,
  deliveries: { select: { id: true, endpointId: true }, orderBy: { id: 'asc' } },
} satisfies Prisma.EventSelect;
type Holder = Prisma.EventGetPayload<{ select: typeof HOLDER }>;

/** A key's verdict for one request: the first answer again, another body's event, or null: free to take. */
export type KeyUse = { replay: AcceptedEvent } | { conflictWith: string } | null;

/**
 * POST /events: the first answer for this key and body, or null when the key is free;
 * a 409 when the key's event had another body.
 */
export async function findReplay(tenantId: string, idempotencyKey: string, requestHash: string): Promise<AcceptedEvent | null> {
  const holder = await db().event.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } }, select: HOLDER });
  const use = await judge(holder, requestHash, db());
  if (use && 'conflictWith' in use) {
    throw new AppError('idempotency_conflict', 'Idempotency-Key was already used with a different request body', { eventId: use.conflictWith });
  }
  return use?.replay ?? null;
}

/** POST /events/batch: every item's verdict with one look-up, in `client` (the batch's transaction). */
export async function findKeyUses(
  tenantId: string,
  requests: { idempotencyKey: string; requestHash: string }[],
  client: Tx,
): Promise<KeyUse[]> {
  if (requests.length === 0) return [];
  const holders = await client.event.findMany({
    where: { tenantId, idempotencyKey: { in: requests.map((r) => r.idempotencyKey) } },
    select: HOLDER,
  });
  const byKey = new Map(holders.map((holder) => [holder.idempotencyKey, holder]));
  const uses: KeyUse[] = [];
  // One at a time: a transaction runs one statement at a time anyway.
  for (const request of requests) uses.push(await judge(byKey.get(request.idempotencyKey) ?? null, request.requestHash, client));
  return uses;
}

async function judge(holder: Holder | null, requestHash: string, client: Tx): Promise<KeyUse> {
  if (!holder) return null;
  if (Date.now() - holder.createdAt.getTime() > IDEMPOTENCY_WINDOW_MS) {
    await client.event.update({ where: { id: holder.id }, data: { idempotencyKey: null } });
    return null;
  }
  if (holder.requestHash !== requestHash) return { conflictWith: holder.id };
  return { replay: acceptedEvent(holder, holder.deliveries) };
}
