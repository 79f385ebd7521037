// One trace per event: the API request that accepted it (continuing the producer's
// traceparent), then each delivery attempt as a consumer span with its outbound
// HTTP request — retries included, since the traceparent travels in the job payload.
import { expect, it } from 'vitest';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { SpanKind } from '@opentelemetry/api';
import { initTracing } from '@/lib/observability/tracing';
import { settled, workerSuite } from '../support/deliveries.ts';

const exporter = new InMemorySpanExporter();
// Tracing first: the worker joins the provider the test reads spans from.
const suite = workerSuite({}, { before: () => initTracing('hookline-test', exporter) });

const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;

it('follows an event from the API request through every attempt, in the producer’s trace', async () => {
  const { api } = await suite.harness.newTenant();
  const rx = await suite.receivers.start((_, i) => (i === 0 ? { status: 503 } : { status: 200 }));
  await api('POST', '/api/v1/endpoints', { body: { url: `${rx.url}?token=not-in-traces` } });
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const sent = await api('POST', '/api/v1/events', {
    body: { type: 'order.created', data: {} },
    headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
  });
  expect((await settled(sent.body.id)).status).toBe('succeeded');

  const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const ingest = spans.find((s) => s.name === 'POST /api/v1/events')!;
  expect(ingest.kind).toBe(SpanKind.SERVER);
  expect(parentId(ingest)).toBe('00f067aa0ba902b7');
  expect(ingest.attributes).toMatchObject({ 'http.response.status_code': 202, 'http.route': '/api/v1/events' });

  const attempts = spans.filter((s) => s.name === 'deliver');
  expect(attempts).toHaveLength(2);
  const delivery = await settled(sent.body.id);
  for (const attempt of attempts) {
    expect(attempt.attributes).toMatchObject({
      'hookline.tenant_id': delivery.tenantId,
      'hookline.event_id': sent.body.id,
      'hookline.endpoint_id': delivery.endpointId,
      'hookline.delivery_id': delivery.id,
    });
  }
  expect(attempts.map((s) => s.attributes['http.response.status_code']).sort()).toEqual([200, 503]);
  expect(attempts.every((s) => s.kind === SpanKind.CONSUMER && parentId(s) === ingest.spanContext().spanId)).toBe(true);
  const requests = spans.filter((s) => s.name === 'POST webhook');
  expect(requests.map((s) => s.attributes['http.response.status_code']).sort()).toEqual([200, 503]);
  for (const request of requests) {
    expect(request.kind).toBe(SpanKind.CLIENT);
    expect(attempts.map((s) => s.spanContext().spanId)).toContain(parentId(request));
    expect(request.attributes['url.path']).toBe('/hooks');
    expect(JSON.stringify(request.attributes)).not.toContain('not-in-traces');
  }
  // Each request carried a traceparent of the producer's trace, naming its own client span.
  expect(rx.requests.map((r) => r.headers.traceparent)).toEqual(
    [...requests].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]).map((r) => `00-${traceId}-${r.spanContext().spanId}-01`),
  );
});
