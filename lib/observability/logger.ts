// Structured JSON logs (pino). Every line written while a request or a delivery runs
// carries its correlation fields: a request's (requestId, traceId, tenantId, eventId) from
// the log context (./log-context.ts), a delivery's (deliveryId, jobId, traceId, tenantId,
// eventId, endpointId, attempt) from its child logger (lib/delivery/attempt-delivery.ts),
// so one event id finds its lines in the app's output and the worker's. Secrets and
// payloads are never passed to a logger; the redaction below is a second line of
// defence, not the first.
import pino from 'pino';
import { logContextFields, mergeLogFields } from './log-context.ts';

// Censored wherever they appear at the top of a line or one level down (`headers.
// authorization`, `meta.job.payload`'s `job.payload`, a child logger's bindings): what
// pino's `redact` did with the paths `key` and `*.key`, at a third of the cost — its
// generic path matching took 11–13 µs of a 20 µs line, 3–4 % of a draining worker's CPU
// for its line per delivery.
const SENSITIVE_KEYS = new Set(['authorization', 'secret', 'secrets', 'apiKey', 'password', 'token', 'body', 'payload']);
export const CENSOR = '[redacted]';

/** `fields` with every sensitive key at depth 0 or 1 censored; the same object when there is none (never modified). */
export function redactFields<T extends Record<string, unknown>>(fields: T): T {
  let copy: Record<string, unknown> | undefined;
  for (const key in fields) {
    const value = fields[key];
    if (SENSITIVE_KEYS.has(key)) {
      copy ??= { ...fields };
      copy[key] = CENSOR;
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const inner = redactNested(value as Record<string, unknown>);
      if (inner !== value) {
        copy ??= { ...fields };
        copy[key] = inner;
      }
    }
  }
  return (copy ?? fields) as T;
}

function redactNested(value: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!SENSITIVE_KEYS.has(key)) continue;
    // An Error keeps its class (pino's serializer reads its message and stack).
    copy ??= value instanceof Error ? Object.assign(Object.create(Object.getPrototypeOf(value)), value, { message: value.message, stack: value.stack }) : { ...value };
    copy![key] = CENSOR;
  }
  return copy ?? value;
}

// Objects an error may carry that are no part of it: pg-pool sets `client` (the whole
// pg Client: its connection parameters, its socket state, the text of every statement it
// prepared) on the error of a connection that failed while idle, ~7 KB a line.
const ERROR_BAGGAGE = ['client'] as const;

/** pino's error serializer, without the baggage above. */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (serialized && typeof serialized === 'object') for (const key of ERROR_BAGGAGE) delete (serialized as Record<string, unknown>)[key];
  return serialized;
}

export function createLogger(destination: pino.DestinationStream, level = process.env.LOG_LEVEL ?? 'info'): pino.Logger {
  const root = pino({
    level,
    base: { service: process.env.HOOKLINE_SERVICE ?? 'hookline' },
    mixin: logContextFields,
    mixinMergeStrategy: mergeLogFields,
    serializers: { err: serializeError },
    formatters: { log: redactFields },
  }, destination);
  // A child's bindings skip pino's formatters: censored here, once per child. Children are
  // made from their parent (Object.create), so every descendant inherits this.
  type Child = (this: pino.Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => pino.Logger;
  const child = root.child as unknown as Child;
  (root as unknown as { child: Child }).child = function (bindings, options) {
    return child.call(this, redactFields(bindings), options);
  };
  return root;
}

/**
 * pino's own destination (sonic-boom) on this fd, each line handed over as a Buffer.
 * sonic-boom's default string mode appends the lines that arrive while a write is in
 * flight to one string and takes its byte length on every line, flattening it each time:
 * under load each line copied the ~8 KB gathered so far (14 % of a draining worker's
 * allocations, docs/benchmark.md "Tenth round"). In buffer mode a line is appended to a
 * list and a write concatenates the list once.
 */
export function lineDestination(fd: number): pino.DestinationStream {
  const stream = pino.destination({ dest: fd, contentMode: 'buffer' });
  const writeBuffer = stream.write.bind(stream) as unknown as (data: Buffer) => boolean;
  // On EPIPE pino replaces `write` with a no-op on the stream itself, as before.
  stream.write = (line: string) => writeBuffer(Buffer.from(line));
  return stream;
}

// HOOKLINE_LOG_FD=2 sends logs to stderr (the command line, where stdout is for results).
export const logger = createLogger(lineDestination(process.env.HOOKLINE_LOG_FD === '2' ? 2 : 1));

export type Logger = pino.Logger;
