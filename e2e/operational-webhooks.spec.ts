// Operational webhooks and retention as the operator and a tenant see them: the operator
// adds an operational webhook endpoint on the Operations page, sends it a test event and
// then gets a real endpoint.disabled when a tenant's endpoint answers 410 (both verified
// by the standardwebhooks library with the secret the page showed); a payload removed by
// retention (`hookline purge`) shows as a notice on the delivery page, and the run on
// the Operations page.
import { execFileSync } from 'node:child_process';
import { Webhook } from 'standardwebhooks';
import { idTimePrefix } from '../lib/ids.ts';
import { expect, navLink, producer, screenshot, seed, signIn, sql, test } from './support/fixtures';
import { startReceiver, type Received } from './support/receiver';
import { runEnv } from './support/run-env';

function verified(request: Received, secret: string) {
  const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
  return new Webhook(secret).verify(request.body, headers) as { type: string; data: Record<string, unknown> };
}

test('the operator adds an operational webhook endpoint, tests it, and receives endpoint.disabled', async ({ page, request, receiver }) => {
  const { acme, users } = seed();
  await signIn(page, users.operator);
  await navLink(page, 'Operations').click();
  const panel = page.getByTestId('operational-webhooks');
  await panel.getByRole('button', { name: 'Add endpoint' }).click();
  const form = panel.getByRole('form', { name: 'New operational webhook endpoint' });
  // The API's own rules, inline: not a URL.
  await form.getByLabel('Endpoint URL').fill('not a url');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByText('must be an http:// or https:// URL')).toBeVisible();
  await form.getByLabel('Endpoint URL').fill(receiver.url);
  await form.getByLabel('Description').fill('On-call pager');
  await form.getByLabel('endpoint.disabled').check();
  await form.getByLabel('endpoint.recovered').check();
  await form.getByRole('button', { name: 'Add endpoint' }).click();

  const secret = (await panel.getByTestId('operational-webhook-created-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  const row = panel.getByTestId('operational-webhooks-table').getByRole('row').filter({ hasText: receiver.url });
  await expect(row).toContainText('On-call pager');
  await expect(row).toContainText('endpoint.disabled');
  await expect(row).toContainText('endpoint.recovered');
  await expect(row).not.toContainText('delivery.exhausted');
  await expect(row.getByTestId('health-state')).toHaveText('Healthy');

  await row.getByRole('button', { name: 'Send test' }).click();
  await expect(row.getByTestId('test-event-result')).toContainText('Succeeded');
  expect(verified(receiver.requests[0]!, secret).type).toBe('hookline.test');

  // A tenant's endpoint answers 410 Gone: Hookline disables it and tells the operator.
  const gone = await startReceiver({ status: 410 });
  try {
    const api = producer(request, acme.apiKey);
    const endpoint = await api.createEndpoint({ url: gone.url, description: 'Retired integration' });
    await api.sendEvent('invoice.paid', { invoice: 'in_gone' });
    await expect.poll(() => receiver.requests.map((r) => verified(r, secret)).find((p) => p.type === 'endpoint.disabled')?.data, { timeout: 30_000 })
      .toMatchObject({ tenantId: acme.id, endpointId: endpoint.id, endpointUrl: gone.url, reason: 'Disabled: the endpoint answered 410 Gone' });
  } finally {
    await gone.close();
  }
  await screenshot(page, 'operational-webhooks');

  // Its deliveries are the operator tenant's, open to operators like any tenant's.
  await row.getByRole('link', { name: 'View delivery →' }).click();
  await expect(page.getByRole('heading', { name: /hookline\.test/ })).toBeVisible();
  await page.goBack();

  // Deleted: no more webhooks to a receiver this test is about to close.
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Really delete' }).click();
  await expect(panel.getByTestId('operational-webhooks-table').getByRole('row').filter({ hasText: receiver.url })).toHaveCount(0);
});

test('a payload removed by retention shows as a notice on its delivery, and the run on Operations', async ({ page, request, receiver }) => {
  const { acme, users } = seed();
  const api = producer(request, acme.apiKey);
  await api.createEndpoint({ url: receiver.url, eventTypes: ['order.archived'] });
  const event = await api.sendEvent('order.archived', { order: 'ord_7731', note: 'kept 30 days' });
  const deliveryId = event.deliveries[0]!.id;
  await expect.poll(async () => (await api.delivery(deliveryId)).status, { timeout: 30_000 }).toBe('succeeded');

  // Make it 40 days old, ids included (they start with their time: lib/ids.ts), as if it
  // had been accepted then, and let the real purge at the default 30 days remove it.
  const oldAt = Date.now() - 40 * 86_400_000;
  const oldId = (id: string) => idTimePrefix(id.startsWith('msg_') ? 'event' : 'attempt', oldAt) + id.slice(-16);
  await sql('update events set id = $1, created_at = to_timestamp($2 / 1000.0) where id = $3', [oldId(event.id), oldAt, event.id]);
  const attempts = await sql<{ id: string }>('select id from attempts where delivery_id = $1', [deliveryId]);
  for (const a of attempts) await sql('update attempts set id = $1, started_at = to_timestamp($2 / 1000.0) where id = $3', [oldId(a.id), oldAt, a.id]);
  const purge = JSON.parse(execFileSync(process.execPath, ['bin/hookline.mjs', 'purge', '--json'], { env: { ...process.env, ...runEnv().app, LOG_LEVEL: 'silent' }, encoding: 'utf8' }));
  expect(purge.run).toMatchObject({ eventsPurged: 1, attemptsPurged: 1 });

  await signIn(page, users.acmeAdmin);
  await page.goto(`/t/${acme.id}/deliveries/${deliveryId}`);
  await expect(page.getByTestId('payload-purged')).toHaveText(/^Payload removed on .+ \(retention: 30 days\)\.$/);
  await expect(page.getByTestId('payload')).toHaveCount(0);
  await expect(page.getByTestId('response-body-purged')).toHaveText(/^Response body removed on .+ \(retention: 30 days\)\.$/);
  await expect(page.getByRole('button', { name: 'Retry now' })).toBeDisabled();
  await screenshot(page, 'delivery-payload-purged');

  await page.context().clearCookies();
  await signIn(page, users.operator);
  await navLink(page, 'Operations').click();
  const card = page.getByTestId('retention-card');
  await expect(card).toContainText('30 days');
  await expect(card.getByTestId('retention-runs').getByRole('row').nth(1)).toContainText('Finished');
  await expect(card.getByTestId('retention-events-purged').filter({ hasText: /^1$/ })).not.toHaveCount(0);
});
