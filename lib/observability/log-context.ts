// The correlation fields of the request in progress, added to every log line written
// while it runs (the logger's mixin), whichever module writes it: the API wrapper sets
// requestId and traceId, create-event adds the eventId. So the event id a producer got
// back finds every line about that event in the app's output.
//
// The worker's deliveries don't use it: their fields (deliveryId, jobId, traceId, then
// tenantId, eventId, endpointId and the attempt) travel as arguments and in one child
// logger per delivery (lib/delivery/attempt-delivery.ts), so the worker never switches
// the async context (lib/observability/tracing.ts, withSpanIn, says what that costs).
//
// Within a request these keys belong here, not in child-logger bindings: pino writes
// bindings and mixin fields side by side, and one key in both would appear twice in a
// line. (A delivery's child logger runs outside any context, where the mixin adds nothing.)
import { AsyncLocalStorage } from 'node:async_hooks';

export type LogFields = {
  requestId?: string;
  traceId?: string;
  tenantId?: string;
  eventId?: string;
  deliveryId?: string;
  endpointId?: string;
  jobId?: string;
  /** The attempt this job makes (or made): deliveries.attempt_count after it. */
  attempt?: number;
};

// On globalThis: Next may load this module more than once (one copy per bundle), and
// every copy must read the store the request's wrapper opened.
const holder = globalThis as unknown as { __hooklineLogContext?: AsyncLocalStorage<LogFields> };
const storage = (holder.__hooklineLogContext ??= new AsyncLocalStorage<LogFields>());

/** Runs `work` with these fields (and the enclosing context's) on every log line. */
export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** Adds fields to the current context, for the rest of the request or job; no-op outside one. */
export function addLogContext(fields: LogFields): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

// What logContextFields returns outside any context: never written to (mergeLogFields
// below leaves it alone), so one object serves every line.
const NO_FIELDS: LogFields = Object.freeze({});

/** A copy of the current fields (pino's mixin merge writes into what it gets, so never the store itself). */
export function logContextFields(): LogFields {
  const store = storage.getStore();
  return store ? { ...store } : NO_FIELDS;
}

/**
 * pino's mixinMergeStrategy: the line's own fields over the context's. Outside a context
 * (the worker's deliveries pass theirs by hand) the line's object is used as it is,
 * not copied into a fresh one.
 */
export function mergeLogFields(line: object, fields: object): object {
  return fields === NO_FIELDS ? line : Object.assign(fields, line);
}
