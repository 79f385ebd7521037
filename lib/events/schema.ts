import { z } from 'zod';
import { ZEventType } from '../endpoints/schema.ts';

// 64 levels: deeper JSON is not a real payload, and serialising it recursively would
// overflow the stack (a 500) instead of a 400.
export const MAX_DATA_DEPTH = 64;

export const ZCreateEvent = z.strictObject({
  type: ZEventType,
  // Checked, not copied: z.record rebuilds the object by assignment, and assigning a
  // parsed "__proto__" key sets the prototype instead, so that key vanished from the
  // body sent to endpoints (found by test/integration/fuzz.test.ts).
  data: z
    .custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
      error: 'data must be a JSON object',
    })
    .refine((data) => jsonDepth(data) <= MAX_DATA_DEPTH, `data is nested more than ${MAX_DATA_DEPTH} levels deep`),
});

/** Nesting depth of a parsed JSON value, without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DATA_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}
export type TCreateEvent = z.input<typeof ZCreateEvent>;

export const ZIdempotencyKey = z
  .string()
  .min(1, 'Idempotency-Key must not be empty')
  .max(255, 'Idempotency-Key is longer than 255 characters');
