// With no exporter configured, spans are never recorded; withSpan then creates a span
// only where there is no trace id yet (for the logs), and otherwise lets the parent's
// span stand in: the trace id travels just the same, without a shell per call.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { activeSpan, contextFrom, currentTraceparent, initTracing, shutdownTracing, traceparentOf, withSpan, withSpanIn } from '@/lib/observability/tracing';

beforeAll(() => {
  delete process.env.OTEL_TRACES_EXPORTER;
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  initTracing('hookline-test');
});

afterAll(async () => {
  await shutdownTracing();
});

it('mints a trace id where there is none, and reuses the span for nested calls', async () => {
  await withSpan('outer', {}, async (outer) => {
    expect(outer.isRecording()).toBe(false);
    expect(outer.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(outer.spanContext().traceId).not.toBe('0'.repeat(32));
    await withSpan('inner', {}, async (inner) => {
      expect(inner.spanContext()).toEqual(outer.spanContext());
      expect(activeSpan()?.spanContext()).toEqual(outer.spanContext());
    });
  });
});

it('continues a traceparent from a job payload: the active context carries it to the consumer', async () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  await withSpan('deliver', { parent: contextFrom(traceparent) }, async (span) => {
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    await withSpan('POST webhook', {}, async () => {
      expect(currentTraceparent()).toBe(traceparent);
    });
  });
  // Outside, the job's context is no longer active.
  expect(currentTraceparent()).toBeUndefined();
});

it('withSpanIn hands the job’s context down without making it active', async () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  await withSpanIn(contextFrom(traceparent), 'deliver', {}, async (span, jobContext) => {
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    // Nothing switched the async context: the worker's hot path never does.
    expect(activeSpan()).toBeUndefined();
    await withSpanIn(jobContext, 'POST webhook', {}, async (inner, requestContext) => {
      expect(inner.spanContext()).toEqual(span.spanContext());
      expect(traceparentOf(requestContext)).toBe(traceparent);
    });
  });
  // With no trace to continue, a shell still gets a trace id of its own (for the logs).
  await withSpanIn(contextFrom(undefined), 'deliver', {}, async (span, jobContext) => {
    expect(span.spanContext().traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(traceparentOf(jobContext)).toContain(span.spanContext().traceId);
  });
  await expect(withSpanIn(contextFrom(traceparent), 'deliver', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
});

it('an error thrown inside reaches the caller', async () => {
  await expect(withSpan('outer', {}, () => withSpan('inner', {}, async () => Promise.reject(new Error('boom'))))).rejects.toThrow('boom');
});

it('gives every shell ids of its own, across the random pool’s refills', async () => {
  const contexts = await Promise.all(Array.from({ length: 1_000 }, () => withSpanIn(contextFrom(undefined), 'deliver', {}, async (span) => span.spanContext())));
  expect(new Set(contexts.map((c) => c.traceId)).size).toBe(1_000);
  expect(new Set(contexts.map((c) => c.spanId)).size).toBe(1_000);
  for (const c of contexts) {
    expect(c.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(c.spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
    expect(c.traceFlags).toBe(0);
  }
});
