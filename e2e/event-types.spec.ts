// The event-type catalog: an admin registers a type with a JSON Schema in the dashboard,
// sees its schema and an example payload on the catalog page, ingest checks events against
// it, and an endpoint subscribes by picking the type; a member reads the catalog only.
import { expect, navLink, sameOrigin, screenshot, seed, signIn, sql, test } from './support/fixtures';

const SCHEMA = {
  type: 'object',
  required: ['orderId', 'trackingNumber', 'shippedAt'],
  properties: {
    orderId: { type: 'string', examples: ['ord_1042'] },
    trackingNumber: { type: 'string', minLength: 6 },
    shippedAt: { type: 'string', format: 'date-time' },
    recipient: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
    parcels: { type: 'array', items: { type: 'object', properties: { weightGrams: { type: 'integer', minimum: 1 } } } },
  },
};

test('admin registers a typed event, sees it in the catalog, and subscribes an endpoint by picking it', async ({ page, request, receiver }) => {
  const { acme, users } = seed();
  await signIn(page, users.acmeAdmin);
  await navLink(page, 'Event types').click();
  await expect(page).toHaveURL(`/t/${acme.id}/event-types`);
  await page.getByRole('button', { name: 'Add event type' }).first().click();

  const form = page.getByRole('form', { name: 'New event type' });
  await form.getByLabel('Name').fill('order.shipped');
  await form.getByLabel('Description').fill('An order left the warehouse');
  // Not JSON: caught in the browser, before anything is sent.
  await form.getByLabel('JSON Schema').fill('{ "type": "object", ');
  await form.getByRole('button', { name: 'Register event type' }).click();
  await expect(form.getByText(/schema is not valid JSON/)).toBeVisible();
  // JSON, but not a JSON Schema: the server's answer names the place inside it.
  await form.getByLabel('JSON Schema').fill(JSON.stringify({ type: 'object', properties: { orderId: { type: 'text' } } }));
  await form.getByRole('button', { name: 'Register event type' }).click();
  await expect(form.getByText('schema.properties.orderId.type: must be equal to one of the allowed values')).toBeVisible();

  await form.getByLabel('JSON Schema').fill(JSON.stringify(SCHEMA, null, 2));
  await form.getByRole('button', { name: 'Fill example from schema' }).click();
  await expect(form.getByLabel('Example data')).toHaveValue(/"orderId": "ord_1042"/);
  await screenshot(page, 'event-type-new');
  await form.getByRole('button', { name: 'Register event type' }).click();
  await expect(form).toHaveCount(0);

  // The catalog shows the type with its schema and what an endpoint receives.
  const card = page.getByRole('region', { name: 'order.shipped', exact: true });
  await expect(card.getByText('An order left the warehouse')).toBeVisible();
  await expect(card.getByText('Validated')).toBeVisible();
  await expect(card.getByTestId('event-type-schema')).toContainText('"trackingNumber"');
  const example = card.getByTestId('event-type-example');
  await expect(example).toContainText('"type": "order.shipped"');
  await expect(example).toContainText('"orderId": "ord_1042"');
  await expect(example).toContainText('"shippedAt": "2026-01-15T09:30:00.000Z"');
  await expect(page.getByTestId('event-type-index').getByRole('link', { name: 'order.shipped' })).toBeVisible();
  await screenshot(page, 'event-types');

  // Ingest now checks this type's data: a 400 naming the path, then a 202.
  const headers = { authorization: `Bearer ${acme.apiKey}` };
  const refused = await request.post('/api/v1/events', { headers, data: { type: 'order.shipped', data: { orderId: 'ord_1', trackingNumber: 'TRK-991', shippedAt: 'yesterday' } } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.details).toEqual([{ path: 'data.shippedAt', message: 'must match format "date-time"' }]);

  // An endpoint subscribes by picking the type, plus one typed by hand that isn't registered.
  await navLink(page, 'Endpoints').click();
  await page.getByRole('link', { name: 'Add endpoint' }).first().click();
  await page.getByLabel('Endpoint URL').fill(receiver.url);
  const picker = page.getByTestId('event-type-picker');
  await picker.getByRole('checkbox', { name: /order\.shipped/ }).check();
  await expect(page.getByLabel('Event types', { exact: true })).toHaveValue('order.shipped');
  await page.getByLabel('Event types', { exact: true }).fill('order.shipped, order.returned');
  await expect(picker.getByRole('checkbox', { name: /order\.shipped/ })).toBeChecked();
  await expect(page.getByTestId('unregistered-types')).toContainText('order.returned');
  await screenshot(page, 'endpoint-new-event-types');
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${acme.id}/endpoints/ep_`));
  const endpointId = page.url().split('/').at(-1)!;
  expect(await sql('select event_types from endpoints where id = $1', [endpointId])).toEqual([{ event_types: ['order.shipped', 'order.returned'] }]);

  const data = { orderId: 'ord_1', trackingNumber: 'TRK-991', shippedAt: '2026-11-24T10:00:00Z' };
  const accepted = await request.post('/api/v1/events', { headers, data: { type: 'order.shipped', data } });
  expect(accepted.status(), await accepted.text()).toBe(202);
  expect((await accepted.json()).deliveries).toEqual([{ id: expect.any(String), endpointId }]);
  await expect.poll(() => receiver.requests.length).toBe(1);
  expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'order.shipped', data });
});

test('a member reads the catalog but cannot change it', async ({ page, request }) => {
  const { acme, users } = seed();
  // Through the producer API of the real server, with a "/" in the name (sent as %2F).
  const headers = { authorization: `Bearer ${acme.apiKey}` };
  const created = await request.post('/api/v1/event-types', { headers, data: { name: 'billing/invoice.voided', description: 'An invoice was voided', schema: { type: 'object' } } });
  expect(created.status(), await created.text()).toBe(201);
  const type = (await created.json()) as { id: string };
  const read = await request.get(`/api/v1/event-types/${encodeURIComponent('billing/invoice.voided')}`, { headers });
  expect(read.status()).toBe(200);
  expect((await read.json()).id).toBe(type.id);

  await signIn(page, users.acmeMember);
  await navLink(page, 'Event types').click();
  const card = page.getByRole('region', { name: 'billing/invoice.voided', exact: true });
  await expect(card.getByTestId('event-type-schema')).toContainText('"type": "object"');
  await expect(page.getByRole('button', { name: 'Add event type' })).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Archive' })).toHaveCount(0);

  const create = await page.request.post(`/api/dashboard/t/${acme.id}/event-types`, { headers: sameOrigin(), data: { name: 'member.made' } });
  expect(create.status()).toBe(403);
  const archive = await page.request.delete(`/api/dashboard/t/${acme.id}/event-types/${type.id}`, { headers: sameOrigin() });
  expect(archive.status()).toBe(403);
  expect(await sql('select archived_at from event_types where id = $1', [type.id])).toEqual([{ archived_at: null }]);
});
