// POST /events: validate, honour Idempotency-Key, fan out.
// Idempotency: the same key with the same body within 24 h returns the first answer
// and creates nothing; with another body it is a 409. After 24 h the key is free again
// (findReplay releases it when a new event wants it).
import { createHash } from 'node:crypto';
import { db } from '../db.ts';
import { AppError } from '../errors.ts';
import { assertEventData } from '../event-types/validate-event-data.ts';
import { addLogContext } from '../observability/log-context.ts';
import { logger } from '../observability/logger.ts';
import { metrics } from '../observability/metrics.ts';
import { assertQueueAccepting } from '../queue/queue-pressure.ts';
import { fanOutEvent } from './fan-out-event.ts';
import { ZCreateEvent, ZIdempotencyKey } from './schema.ts';
import { acceptedEvent, type AcceptedEvent } from './serialize-event.ts';

const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

export async function createEvent(
  tenantId: string,
  body: unknown,
  idempotencyKeyHeader: string | null,
): Promise<{ event: AcceptedEvent; replayed: boolean }> {
  const input = ZCreateEvent.parse(body);
  const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
  const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
  try {
    // A registered type's JSON Schema (from a per-process cache: no query per event).
    await assertEventData(tenantId, input.type, input.data);
    await assertQueueAccepting();
  } catch (error) {
    // A replay answers as the first time did, even if the schema changed or the queue
    // filled up since: only a refused request pays for this look-up.
    const replay = idempotencyKey && error instanceof AppError ? await findReplay(tenantId, idempotencyKey, requestHash) : null;
    if (replay) return replayed(replay);
    throw error;
  }
  // Insert first and let the unique index on (tenant_id, idempotency_key) find a replay:
  // 1 statement per new event instead of 2 (the SDK sends a key with every event). Two
  // tries: when the key's event is over 24 h old, findReplay frees the key for the second.
  for (let attempt = 1; ; attempt++) {
    try {
      const event = await fanOutEvent({ tenantId, ...input, idempotencyKey, requestHash });
      metrics().eventsAccepted.inc();
      // The request's log lines (its closing 'request' line included) carry the event id.
      addLogContext({ eventId: event.id });
      logger.debug({ eventType: event.type, deliveries: event.deliveries.length }, 'event accepted');
      return { event, replayed: false };
    } catch (error) {
      if (!idempotencyKey || !isUniqueViolation(error)) throw error;
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

async function findReplay(tenantId: string, idempotencyKey: string, requestHash: string): Promise<AcceptedEvent | null> {
  const existing = await db().event.findUnique({
    where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } },
    select: { id: true, type: true, createdAt: true, requestHash: true, deliveries: { select: { id: true, endpointId: true }, orderBy: { id: 'asc' } } },
  });
  if (!existing) return null;
  if (Date.now() - existing.createdAt.getTime() > IDEMPOTENCY_WINDOW_MS) {
    await db().event.update({ where: { id: existing.id }, data: { idempotencyKey: null } });
    return null;
  }
  if (existing.requestHash !== requestHash) {
    throw new AppError('idempotency_conflict', 'Idempotency-Key was already used with a different request body', {
      eventId: existing.id,
    });
  }
  return acceptedEvent(existing, existing.deliveries);
}

function parseIdempotencyKey(header: string | null): string | null {
  if (header === null) return null;
  const parsed = ZIdempotencyKey.safeParse(header);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'invalid Idempotency-Key';
  throw new AppError('invalid_request', message, [{ path: 'Idempotency-Key', message }]);
}

// P2002 from model queries; raw statements report the driver's error under P2010.
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } } | null;
  return e?.code === 'P2002' || e?.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';
}
