// The body of every API error (lib/http/error-response.ts), as a schema: the OpenAPI
// document and the SDK both read it from here. zod and lib/errors.ts only.
import { z } from 'zod';
import { STATUS_BY_CODE, type ErrorCode } from '../errors.ts';

const ERROR_CODES = Object.keys(STATUS_BY_CODE) as [ErrorCode, ...ErrorCode[]];

export const ZErrorDetail = z
  .object({
    path: z.string().describe('The field at fault, dot-separated (`eventTypes.0`), or a header name such as `Idempotency-Key`.'),
    message: z.string().describe('What is wrong with it.'),
  })
  .meta({ id: 'ErrorDetail' });
export type TErrorDetail = z.infer<typeof ZErrorDetail>;

export const ZApiError = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe('Stable, machine-readable reason; the HTTP status follows from it.'),
      message: z.string().describe('Human-readable explanation; never contains secrets or internals.'),
      details: z
        .union([z.array(ZErrorDetail), z.record(z.string(), z.unknown())])
        .optional()
        .describe('For `invalid_request`: one entry per invalid field. For `idempotency_conflict`: `{ eventId }` of the first request.'),
    }),
  })
  .meta({ id: 'Error', description: 'Every 4xx and 5xx answer has this body.' });
export type TApiError = z.infer<typeof ZApiError>;
