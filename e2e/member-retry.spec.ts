// A member finds a failed delivery, reads why (the receiver's own error body), retries
// once the receiver is fixed, and watches the successful attempt arrive.
import { expect, navLink, producer, screenshot, seed, signIn, test } from './support/fixtures';

test('member reads a failed delivery and retries it after the receiver is fixed', async ({ page, request, receiver }) => {
  const { acme, users } = seed();
  const api = producer(request, acme.apiKey);
  receiver.reply({ status: 500, body: JSON.stringify({ error: 'inventory service unavailable', code: 'INV_503' }) });
  await api.createEndpoint({ url: receiver.url, description: 'Order sync', eventTypes: ['order.created'] });
  const event = await api.sendEvent('order.created', { orderId: 'ord_1042', total: 4999, currency: 'EUR' });
  const deliveryId = event.deliveries[0]!.id;
  // Three attempts (now, +300 ms, +500 ms) and it gives up.
  await expect.poll(async () => (await api.delivery(deliveryId)).status, { timeout: 20_000 }).toBe('failed');
  expect(receiver.requests).toHaveLength(3);

  await signIn(page, users.acmeMember);
  await navLink(page, 'Deliveries').click();
  await page.getByLabel('Status').selectOption('failed');
  await expect(page).toHaveURL(/status=failed/);
  await page.getByLabel('Search by event or delivery id').fill(event.id);
  await page.getByLabel('Search by event or delivery id').press('Enter');
  await expect(page).toHaveURL(new RegExp(`eventId=${event.id}`));
  const row = page.locator(`tr[data-delivery-id="${deliveryId}"]`);
  await expect(row.getByTestId('status')).toHaveText('Failed');
  await screenshot(page, 'deliveries-failed-filter');

  await row.getByRole('link', { name: 'order.created' }).click();
  await expect(page).toHaveURL(new RegExp(`/deliveries/${deliveryId}$`));
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('status')).toHaveText('Failed');
  // The newest attempt is open: the receiver's own answer is readable.
  const latest = page.getByTestId('attempt').first();
  await expect(latest).toHaveAttribute('data-attempt-number', '3');
  await expect(latest.getByTestId('response-body')).toContainText('inventory service unavailable');
  await expect(page.getByTestId('payload')).toContainText('"orderId": "ord_1042"');
  await screenshot(page, 'delivery-failed');

  receiver.reply({ status: 200, body: JSON.stringify({ received: true }) });
  const retry = page.getByRole('button', { name: 'Retry now' });
  await retry.click();
  // Live: the new attempt shows up without a reload, and the delivery turns green.
  const fourth = page.locator('[data-testid="attempt"][data-attempt-number="4"]');
  await expect(fourth).toHaveAttribute('data-succeeded', 'true');
  await expect(fourth).toContainText('manual');
  await expect(fourth.getByTestId('response-body')).toContainText('"received": true');
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('status')).toHaveText('Succeeded');
  await expect(page.getByRole('button', { name: 'Retry now' })).toBeEnabled();
  expect(receiver.requests).toHaveLength(4);
  // The same event id on every attempt: the consumer's idempotency key.
  expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
  await screenshot(page, 'delivery-retried');
});
