// Input that used to reach Postgres or the stack and come back as a 500: NUL
// characters, absurdly deep JSON, binary answers from receivers. Each is a precise
// 400 (or a recorded attempt), and nothing is stored or lost.
import { expect, it } from 'vitest';
import { db } from '@/lib/db';
import { settled, workerSuite } from '../support/deliveries.ts';

const suite = workerSuite();

it('refuses NUL characters in ids, query parameters and text fields with a 400', async () => {
  const { api } = await suite.harness.newTenant();
  for (const path of ['/api/v1/events/msg_%00x', '/api/v1/deliveries?endpointId=ep_%00', '/api/v1/endpoints?cursor=%00', '/api/v1/deliveries/dlv_%00']) {
    const response = await api('GET', path);
    expect(response.status, path).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
  }
  const created = await api('POST', '/api/v1/endpoints', { body: { url: 'https://example.com/hook', description: 'bad\u0000description' } });
  expect(created.status).toBe(400);
  expect(created.body.error.details).toEqual([{ path: 'description', message: 'must not contain NUL characters' }]);
  expect(await db().endpoint.count()).toBe(0);
});

it('refuses event data nested deeper than 64 levels with a 400, and accepts 64', async () => {
  const { id: tenantId, api } = await suite.harness.newTenant();
  // `levels` objects inside one another: data itself is level 1.
  const nest = (levels: number) => {
    let value: Record<string, unknown> = { leaf: true };
    for (let i = 1; i < levels; i++) value = { v: value };
    return value;
  };
  const ok = await api('POST', '/api/v1/events', { body: { type: 'deep.ok', data: nest(64) } });
  expect(ok.status).toBe(202);
  const tooDeep = await api('POST', '/api/v1/events', { rawBody: `{"type":"deep.no","data":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}` });
  expect(tooDeep.status).toBe(400);
  expect(tooDeep.body.error.details[0].path).toBe('data');
  const deepObject = await api('POST', '/api/v1/events', { body: { type: 'deep.no', data: nest(65) } });
  expect(deepObject.status).toBe(400);
  expect(await db().event.count({ where: { tenantId } })).toBe(1);
});

it('records an answer with NUL bytes instead of failing the job and re-sending', async () => {
  const { api } = await suite.harness.newTenant();
  const rx = await suite.receivers.start(() => ({ status: 200, body: 'binary\u0000answer' }));
  await api('POST', '/api/v1/endpoints', { body: { url: rx.url } });
  const sent = await api('POST', '/api/v1/events', { body: { type: 'order.created', data: {} } });
  const delivery = await settled(sent.body.id);
  expect(delivery.status).toBe('succeeded');
  expect(delivery.attempts).toHaveLength(1);
  expect(delivery.attempts[0]!.responseBody).toBe('binary\uFFFDanswer');
  expect(rx.requests).toHaveLength(1);
});
