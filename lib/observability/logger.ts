// Structured JSON logs (pino). Every line written while a request or a job runs carries
// its correlation fields (requestId, traceId, tenantId, eventId, deliveryId, endpointId,
// attempt) from the log context (./log-context.ts), so one event id finds its lines in
// the app's output and the worker's. Secrets and payloads are never passed to a logger;
// the redaction paths below are a second line of defence, not the first.
import pino from 'pino';
import { logContextFields } from './log-context.ts';

// HOOKLINE_LOG_FD=2 sends logs to stderr (the command line, where stdout is for results).
const destination = pino.destination(process.env.HOOKLINE_LOG_FD === '2' ? 2 : 1);

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.HOOKLINE_SERVICE ?? 'hookline' },
  mixin: logContextFields,
  redact: {
    paths: [
      'authorization', '*.authorization', 'headers.authorization',
      'secret', '*.secret', 'secrets', '*.secrets', 'apiKey', '*.apiKey', 'password', '*.password', 'token', '*.token',
      // Event bodies, and graphile-worker's job objects (meta.job.payload).
      'body', '*.body', 'payload', '*.payload',
    ],
    censor: '[redacted]',
  },
}, destination);

export type Logger = pino.Logger;
