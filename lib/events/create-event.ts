// POST /events: validate, honour Idempotency-Key, fan out.
// Idempotency: the same key with the same body within 24 h returns the first answer
// and creates nothing; with another body it is a 409. After 24 h the key is free again
// (findReplay releases it when a new event wants it; find-replay.ts, shared with batches).
import { AppError } from '../errors.ts';
import { assertEventData } from '../event-types/validate-event-data.ts';
import { addLogContext } from '../observability/log-context.ts';
import { logger } from '../observability/logger.ts';
import { metrics } from '../observability/metrics.ts';
import { assertQueueAccepting } from '../queue/queue-pressure.ts';
import { fanOutEvent, IdempotencyKeyTaken } from './fan-out-event.ts';
import { findReplay, requestHashOf } from './find-replay.ts';
import { ZCreateEvent, ZIdempotencyKey } from './schema.ts';
import type { AcceptedEvent } from './serialize-event.ts';

export async function createEvent(
  tenantId: string,
  body: unknown,
  idempotencyKeyHeader: string | null,
): Promise<{ event: AcceptedEvent; replayed: boolean }> {
  const input = ZCreateEvent.parse(body);
  const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
  // Only a keyed request can be replayed, so only its body's hash is ever compared.
  const requestHash = idempotencyKey === null ? null : requestHashOf(input);
  try {
    // A registered type's JSON Schema (from a per-process cache: no query per event).
    await assertEventData(tenantId, input.type, input.data);
    await assertQueueAccepting();
  } catch (error) {
    // A replay answers as the first time did, even if the schema changed or the queue
    // filled up since: only a refused request pays for this look-up.
    const replay = idempotencyKey && requestHash && error instanceof AppError ? await findReplay(tenantId, idempotencyKey, requestHash) : null;
    if (replay) return replayed(replay);
    throw error;
  }
  // Insert first and let the unique index on (tenant_id, idempotency_key) find a replay
  // (on conflict do nothing): 1 statement per new event instead of 2 (the SDK sends a
  // key with every event). Two tries: when the key's event is over 24 h old, findReplay
  // frees the key for the second.
  for (let attempt = 1; ; attempt++) {
    try {
      const event = await fanOutEvent({ tenantId, ...input, idempotencyKey, requestHash });
      metrics().eventsAccepted.inc();
      // The request's log lines (its closing 'request' line included) carry the event id.
      addLogContext({ eventId: event.id });
      logger.debug({ eventType: event.type, deliveries: event.deliveries.length }, 'event accepted');
      return { event, replayed: false };
    } catch (error) {
      if (!idempotencyKey || !requestHash || !(error instanceof IdempotencyKeyTaken)) throw error;
      // The key is taken: by an earlier request (replay, or 409 for another body), by a
      // concurrent one that won the index, or by an expired event (freed: null).
      const replay = await findReplay(tenantId, idempotencyKey, requestHash);
      if (replay) return replayed(replay);
      if (attempt === 2) throw error;
    }
  }
}

function replayed(event: AcceptedEvent): { event: AcceptedEvent; replayed: true } {
  addLogContext({ eventId: event.id });
  logger.debug('idempotent replay: the first answer again, nothing created');
  return { event, replayed: true };
}

function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  const parsed = ZIdempotencyKey.safeParse(header);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'invalid Idempotency-Key';
  throw new AppError('invalid_request', message, [{ path: 'Idempotency-Key', message }]);
}
