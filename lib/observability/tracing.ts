// OpenTelemetry traces. Exported only when configured: OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_TRACES_EXPORTER=otlp) sends spans over OTLP/HTTP, OTEL_TRACES_EXPORTER=console
// prints them; otherwise only their trace ids are kept, for the logs. One trace follows an event: the API request that accepted it, then
// every attempt to deliver it (the ingest span's context travels in the job payload,
// W3C traceparent), each with its outbound HTTP request.
import { randomBytes } from 'node:crypto';
import { context, propagation, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

const holder = globalThis as unknown as { __hooklineTracing?: NodeTracerProvider; __hooklineTracingRecords?: boolean };

export const tracer = () => trace.getTracer('hookline');

/**
 * Registers the global tracer provider once per process. Tests pass an exporter (an
 * InMemorySpanExporter) to see spans synchronously; otherwise the environment decides.
 *
 * With no exporter configured, a provider that records nothing (AlwaysOffSampler) is
 * still registered: spans are then cheap non-recording shells, but they carry real trace
 * ids, propagated in job payloads, so log lines of the app and the worker share a
 * traceId either way. (Their traceparent then says "not sampled": a worker exporting
 * spans behind an app that doesn't records none for those events.)
 */
export function initTracing(service: string, exporter?: SpanExporter): NodeTracerProvider {
  if (holder.__hooklineTracing) return holder.__hooklineTracing;
  const processor = exporter ? new SimpleSpanProcessor(exporter) : processorFromEnv();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? service, [ATTR_SERVICE_VERSION]: '0.1.0' }),
    spanProcessors: processor ? [processor] : [],
    ...(processor ? {} : { sampler: new AlwaysOffSampler() }),
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  holder.__hooklineTracing = provider;
  holder.__hooklineTracingRecords = processor !== undefined;
  return provider;
}

function processorFromEnv() {
  const kind = process.env.OTEL_TRACES_EXPORTER ?? (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'none');
  if (kind === 'otlp') return new BatchSpanProcessor(new OTLPTraceExporter());
  if (kind === 'console') return new SimpleSpanProcessor(new ConsoleSpanExporter());
  return undefined;
}

export async function shutdownTracing(): Promise<void> {
  await holder.__hooklineTracing?.shutdown();
  holder.__hooklineTracing = undefined;
  holder.__hooklineTracingRecords = undefined;
}

/** Runs `work` inside a span that ends with it, recording a thrown error. */
export async function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  // Nothing is recorded (no exporter): a child of a span that already carries the trace
  // id would be an empty shell too. The parent's span stands in, and is made active if
  // it isn't; a shell is made only where there is no trace id yet, for the logs. Two
  // fewer spans (and async-context switches) per delivery.
  if (holder.__hooklineTracingRecords === false) {
    const parentSpan = trace.getSpan(parent);
    if (parentSpan && trace.isSpanContextValid(parentSpan.spanContext())) {
      return parent === context.active() ? work(parentSpan) : context.with(parent, () => work(parentSpan));
    }
    const shell = shellSpan();
    return context.with(trace.setSpan(parent, shell), () => work(shell));
  }
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent, (span) => endingWith(span, () => work(span)));
}

/** Runs `work`, then ends `span`, recording a thrown error on it. */
async function endingWith<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * `withSpan` for the worker's hot path: the span's context is handed to `work` instead of
 * made active, so nothing switches the async context. On Node 20 and 22 a switch
 * (AsyncLocalStorage.run) turns on promise hooks for every promise the process makes from
 * then on: ~8 % of a draining worker's allocations, and the CPU to match. `work` passes
 * `context` on to its children (`withSpanIn` again) and to `traceparentOf`. Not recording,
 * the parent's span stands in, as in `withSpan`.
 */
export async function withSpanIn<T>(
  parent: Context,
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes },
  work: (span: Span, context: Context) => Promise<T>,
): Promise<T> {
  if (holder.__hooklineTracingRecords === false) {
    const parentSpan = trace.getSpan(parent);
    if (parentSpan && trace.isSpanContextValid(parentSpan.spanContext())) return work(parentSpan, parent);
    const shell = shellSpan();
    return work(shell, trace.setSpan(parent, shell));
  }
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  return endingWith(span, () => work(span, trace.setSpan(parent, span)));
}

/**
 * A span that records nothing and carries fresh ids: what the AlwaysOffSampler's tracer
 * makes, without the SDK's sampling, attribute checks and span metrics on the way (a
 * worker delivering jobs that carry no traceparent made one per delivery: ~3 % of its
 * CPU). Nothing is recorded, so it is never ended.
 */
function shellSpan(): Span {
  // All zeros is the one invalid id.
  let traceId: string;
  do traceId = randomHex(16);
  while (traceId === INVALID_TRACE_ID);
  let spanId: string;
  do spanId = randomHex(8);
  while (spanId === INVALID_SPAN_ID);
  return trace.wrapSpanContext({ traceId, spanId, traceFlags: TraceFlags.NONE });
}

const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

// Random bytes drawn 4 KiB at a time, handed out as hex.
let randomPool = Buffer.alloc(0);
let randomAt = 0;
function randomHex(bytes: number): string {
  if (randomAt + bytes > randomPool.length) {
    randomPool = randomBytes(4096);
    randomAt = 0;
  }
  randomAt += bytes;
  return randomPool.toString('hex', randomAt - bytes, randomAt);
}

/** The span of the current context, if any (to add attributes found along the way). */
export function activeSpan(): Span | undefined {
  return trace.getActiveSpan();
}

/** Whether spans are recorded (an exporter is configured): else their attributes go nowhere. */
export function tracingRecords(): boolean {
  return holder.__hooklineTracingRecords === true;
}

/** The active span's context as a W3C traceparent, to carry in a job payload (or undefined). */
export function currentTraceparent(): string | undefined {
  return traceparentOf(context.active());
}

/** A context's span as a W3C traceparent (or undefined): `currentTraceparent` for a context passed by hand. */
export function traceparentOf(parent: Context): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(parent, carrier);
  return carrier.traceparent;
}

/** A context continuing the trace a traceparent names (a header, or a job payload's). */
export function contextFrom(traceparent: string | null | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

/**
 * The parent for a request's span: Next's own request span when it made one (it has
 * already continued the caller's traceparent), else the traceparent header itself.
 */
export function requestContext(request: Request): Context {
  return trace.getActiveSpan() ? context.active() : contextFrom(request.headers.get('traceparent'));
}

export { SpanKind, SpanStatusCode };
export type { Context, Span };
