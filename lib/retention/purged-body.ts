// What a purged event's body becomes (purge-event-payloads.ts). A stored body is otherwise
// always a JSON object, never empty, so the worker can tell one it must not send
// (attempt-delivery.ts) from the body alone, without another column in its load query.
export const PURGED_BODY = '';

export function isPurgedBody(body: string): boolean {
  return body === PURGED_BODY;
}
