import { z } from 'zod';
import { ZEventType } from '../endpoints/schema.ts';

export const ZCreateEvent = z.strictObject({
  type: ZEventType,
  data: z.record(z.string(), z.unknown(), { error: 'data must be a JSON object' }),
});
export type TCreateEvent = z.input<typeof ZCreateEvent>;

export const ZIdempotencyKey = z
  .string()
  .min(1, 'Idempotency-Key must not be empty')
  .max(255, 'Idempotency-Key is longer than 255 characters');
