// POST /events/batch: up to 100 events in one request, stored all together or not at all.
// Validated whole before anything is written (zod, then each item's registered JSON
// Schema): one bad item refuses the batch, naming its path (`events.3.data.amount`).
// Then one transaction: one insert statement for all the new events with their
// deliveries and jobs (fan-out-event.ts), and a look-up of the keys it found taken. Each
// item's idempotencyKey works as POST /events' header does (find-replay.ts): the same key
// and body within 24 h answer the first event, `replayed: true`; a key used with another
// body is a 409 that rolls the whole batch back.
import { db, type Tx } from '../db.ts';
import { AppError } from '../errors.ts';
import { eventDataIssues } from '../event-types/validate-event-data.ts';
import { logger } from '../observability/logger.ts';
import { metrics } from '../observability/metrics.ts';
import { assertQueueAccepting } from '../queue/queue-pressure.ts';
import { fanOutEvents, foreignKeyViolation, IdempotencyKeyTaken, type NewEvent } from './fan-out-event.ts';
import { findKeyUses, requestHashOf, type KeyUse } from './find-replay.ts';
import { ZCreateEventBatch, type TAcceptedEventBatch, type TBatchAcceptedEvent } from './schema.ts';

type Item = NewEvent & { requestHash: string };

export async function createEventBatch(tenantId: string, body: unknown): Promise<TAcceptedEventBatch> {
  const items: Item[] = ZCreateEventBatch.parse(body).events.map(({ idempotencyKey, ...input }) => ({
    tenantId,
    ...input,
    idempotencyKey: idempotencyKey ?? null,
    requestHash: requestHashOf(input),
  }));
  try {
    await assertItemsData(tenantId, items);
    await assertQueueAccepting();
  } catch (error) {
    // As on POST /events: a batch accepted before answers as it did, even if the schema
    // changed or the queue filled up since (the SDK retries a 503 with the same keys).
    const replay = error instanceof AppError ? await replayOfWhole(tenantId, items) : null;
    if (replay) return { data: replay };
    throw error;
  }
  const data = await storeRetryingOnce(tenantId, items);
  const created = data.filter((event) => !event.replayed);
  metrics().eventsAccepted.inc(created.length);
  logger.debug({ events: data.length, created: created.length, deliveries: created.reduce((n, e) => n + e.deliveries.length, 0) }, 'event batch accepted');
  return { data };
}

/** Each item's data against its registered type's JSON Schema; every item's issues, under its path. */
async function assertItemsData(tenantId: string, items: Item[]): Promise<void> {
  // Validators come from a per-process cache: no query per item.
  const perItem = await Promise.all(items.map((item) => eventDataIssues(tenantId, item.type, item.data)));
  const firstBad = perItem.findIndex((found) => found && found.length > 0);
  if (firstBad < 0) return;
  const issues = perItem.flatMap((found, n) => (found ?? []).map((issue) => ({ path: `events.${n}.${issue.path}`, message: issue.message })));
  const first = issues[0]!;
  throw new AppError('invalid_request', `${first.path}: ${first.message} (the schema of event type "${items[firstBad]!.type}")`, issues);
}

// An endpoint deleted while the statement ran breaks a foreign key and the transaction
// with it: once more, choosing the endpoints again (as fan-out-event.ts does for one).
async function storeRetryingOnce(tenantId: string, items: Item[]): Promise<TBatchAcceptedEvent[]> {
  try {
    return await db().$transaction((tx) => store(tx, tenantId, items));
  } catch (error) {
    if (!foreignKeyViolation(error)) throw error;
    return db().$transaction((tx) => store(tx, tenantId, items));
  }
}

async function store(tx: Tx, tenantId: string, items: Item[]): Promise<TBatchAcceptedEvent[]> {
  const answers: TBatchAcceptedEvent[] = new Array(items.length);
  let pending = [...items.keys()];
  // Two passes: a key whose event is over 24 h old is freed by the first, taken by the second.
  for (let pass = 1; pending.length > 0; pass++) {
    const stored = await fanOutEvents(pending.map((n) => items[n]!), tx);
    const taken: number[] = [];
    pending.forEach((n, position) => {
      const event = stored[position];
      if (event) answers[n] = { ...event, replayed: false };
      else taken.push(n);
    });
    const uses = await findKeyUses(tenantId, taken.map((n) => keyed(items[n]!)), tx);
    // Thrown out of the transaction, a conflict rolls back every event stored above.
    assertNoConflict(taken, uses);
    pending = [];
    for (const [position, n] of taken.entries()) {
      const use = uses[position];
      if (use && 'replay' in use) answers[n] = { ...use.replay, replayed: true };
      else if (pass === 2) throw new IdempotencyKeyTaken();
      else pending.push(n);
    }
  }
  return answers;
}

/** The first answers again when every item has a key already used with its body; else null. */
async function replayOfWhole(tenantId: string, items: Item[]): Promise<TBatchAcceptedEvent[] | null> {
  if (items.some((item) => item.idempotencyKey === null)) return null;
  const uses = await findKeyUses(tenantId, items.map(keyed), db());
  assertNoConflict([...items.keys()], uses);
  const replays = uses.flatMap((use) => (use && 'replay' in use ? [{ ...use.replay, replayed: true }] : []));
  return replays.length === items.length ? replays : null;
}

/** A 409 naming each item (`events.N.idempotencyKey`) whose key holds another body's event. */
function assertNoConflict(indexes: number[], uses: KeyUse[]): void {
  const details = indexes.flatMap((n, position) => {
    const use = uses[position];
    if (!use || !('conflictWith' in use)) return [];
    return [{ path: `events.${n}.idempotencyKey`, message: `already used with a different body, by event ${use.conflictWith}` }];
  });
  if (details.length === 0) return;
  throw new AppError('idempotency_conflict', `${details[0]!.path}: ${details[0]!.message}; nothing of this batch was stored`, details);
}

// Only an item with a key can find it taken (keyless events never collide).
function keyed(item: Item): { idempotencyKey: string; requestHash: string } {
  if (item.idempotencyKey === null) throw new Error('a keyless event cannot find its key taken');
  return { idempotencyKey: item.idempotencyKey, requestHash: item.requestHash };
}
