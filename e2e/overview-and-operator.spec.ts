// The pages people live in, with real traffic (a healthy and a broken endpoint), and the
// operator's: tenants, members, API keys (shown once, then revocable), users.
import { expect, navLink, producer, screenshot, seed, signIn, test } from './support/fixtures';
import { startReceiver } from './support/receiver';

test('overview, deliveries and endpoints with live traffic', async ({ page, request, receiver }) => {
  const { acme, users } = seed();
  const api = producer(request, acme.apiKey);
  const broken = await startReceiver({ status: 503, body: 'upstream timeout', contentType: 'text/plain' });
  try {
    await api.createEndpoint({ url: receiver.url, description: 'Billing service', eventTypes: ['invoice.paid', 'customer.updated'] });
    await api.createEndpoint({ url: broken.url, description: 'Analytics (down)', eventTypes: ['invoice.paid'] });
    const events = [];
    for (let i = 0; i < 6; i++) events.push(await api.sendEvent(i % 3 === 2 ? 'customer.updated' : 'invoice.paid', { invoice: `in_${1000 + i}`, amount: 1250 * (i + 1) }));
    const ids = events.flatMap((e) => e.deliveries.map((d) => d.id));
    await expect.poll(async () => {
      const statuses = await Promise.all(ids.map(async (id) => (await api.delivery(id)).status));
      return statuses.every((s) => s === 'succeeded' || s === 'failed');
    }, { timeout: 30_000 }).toBe(true);

    await page.goto('/login');
    await screenshot(page, 'login');
    await signIn(page, users.acmeAdmin);
    await expect(page).toHaveURL(`/t/${acme.id}`);
    await expect(page.getByTestId('hourly-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await screenshot(page, 'overview');

    await navLink(page, 'Deliveries').click();
    await expect(page.getByTestId('deliveries-table')).toBeVisible();
    await screenshot(page, 'deliveries');

    await navLink(page, 'Endpoints').click();
    const row = page.getByTestId('endpoints-table').getByRole('row').filter({ hasText: broken.url });
    await expect(row).toContainText('Failing');
    await expect(row).toContainText('0%');
    await screenshot(page, 'endpoints');
  } finally {
    await broken.close();
  }
});

test('operator manages tenants, members and API keys', async ({ page, request }) => {
  const { acme, users } = seed();
  await signIn(page, users.operator);
  await expect(page).toHaveURL('/admin/tenants');
  await expect(page.getByRole('link', { name: 'Acme' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Globex' })).toBeVisible();
  await screenshot(page, 'admin-tenants');

  await page.getByRole('link', { name: 'Acme' }).click();
  await expect(page).toHaveURL(`/admin/tenants/${acme.id}`);
  await page.getByLabel('Key name').fill('ci');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  expect(key).toMatch(/^hl_/);
  const headers = { authorization: `Bearer ${key}` };
  expect((await request.get('/api/v1/endpoints', { headers })).status()).toBe(200);

  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByLabel('Email').fill('new.member@acme.test');
  await page.getByLabel('First password').fill('short');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('password must be at least 8 characters')).toBeVisible();
  await page.getByLabel('First password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'new.member@acme.test' }).getByLabel('Role of new.member@acme.test')).toHaveValue('member');
  await screenshot(page, 'admin-tenant');

  await page.getByRole('button', { name: 'Revoke ci' }).click();
  await expect(page.getByTestId('api-keys').getByRole('listitem').filter({ hasText: 'ci' })).toContainText('Revoked');
  expect((await request.get('/api/v1/endpoints', { headers })).status()).toBe(401);

  await navLink(page, 'Users').click();
  await expect(page.getByRole('row').filter({ hasText: 'new.member@acme.test' })).toContainText('Acme · member');
  await screenshot(page, 'admin-users');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  const after = await page.request.get(`/api/dashboard/t/${acme.id}/deliveries`);
  expect(after.status()).toBe(401);
});
