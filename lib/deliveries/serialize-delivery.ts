import type { Attempt, Delivery } from '../generated/prisma/client.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function serializeDeliverySummary(delivery: Delivery) {
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

export function serializeAttempt(attempt: Attempt) {
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
    requestHeaders: attempt.requestHeaders,
    responseHeaders: attempt.responseHeaders,
    responseBody: attempt.responseBody,
  };
}
