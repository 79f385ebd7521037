// Structured JSON logs (pino). Every line from a request or a job carries its
// correlation id (`requestId`, `deliveryId`, `eventId`) through child loggers.
// Secrets are redacted by path as a second line of defence; the first is never
// passing them to a logger at all.
import pino from 'pino';

// HOOKLINE_LOG_FD=2 sends logs to stderr (the command line, where stdout is for results).
const destination = pino.destination(process.env.HOOKLINE_LOG_FD === '2' ? 2 : 1);

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.HOOKLINE_SERVICE ?? 'hookline' },
  redact: {
    paths: ['authorization', 'headers.authorization', 'secret', '*.secret', 'apiKey', '*.apiKey', 'password', '*.password'],
    censor: '[redacted]',
  },
}, destination);

export type Logger = pino.Logger;
