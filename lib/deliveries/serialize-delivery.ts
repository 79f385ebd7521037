// The API's view of deliveries and attempts; the return types are schema.ts's response
// schemas (the OpenAPI document's), so the two can't drift apart silently.
import type { Attempt, Delivery } from '../generated/prisma/client.ts';
import type { TAttempt, TDeliverySummary } from './schema.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function serializeDeliverySummary(delivery: Delivery): TDeliverySummary {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    endpointId: delivery.endpointId,
    status: delivery.status,
    attemptCount: delivery.attemptCount,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    lastAttemptAt: iso(delivery.lastAttemptAt),
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
  };
}

export function serializeAttempt(attempt: Attempt): TAttempt {
  return {
    id: attempt.id,
    number: attempt.number,
    trigger: attempt.trigger,
    startedAt: attempt.startedAt.toISOString(),
    durationMs: attempt.durationMs,
    succeeded: attempt.succeeded,
    statusCode: attempt.statusCode,
    errorClass: attempt.errorClass,
    errorMessage: attempt.errorMessage,
    // Written by record-attempt.ts from Record<string, string> (http-client.ts flattens them).
    requestHeaders: attempt.requestHeaders as Record<string, string>,
    responseHeaders: attempt.responseHeaders as Record<string, string> | null,
    responseBody: attempt.responseBody,
    bodyPurgedAt: iso(attempt.bodyPurgedAt),
  };
}
