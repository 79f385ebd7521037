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
    // 12 failed attempts in a row (4 deliveries × 3): the breaker opened after the 10th.
    // Rows by their exact URL: other tests' endpoints may share a prefix.
    const rowOf = (url: string) => page.getByTestId('endpoints-table').getByRole('row').filter({ has: page.getByRole('link', { name: url, exact: true }) });
    const row = rowOf(broken.url);
    await expect(row.getByTestId('health-state')).toHaveText('Circuit open');
    await expect(row).toContainText('0%');
    await expect(rowOf(receiver.url).getByTestId('health-state')).toHaveText('Healthy');
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

test('operator watches the queue, throughput, errors and workers on Operations', async ({ page, request, receiver }) => {
  const { globex, users } = seed();
  // Traffic of its own: two successes and a delivery that fails every attempt.
  const api = producer(request, globex.apiKey);
  const broken = await startReceiver({ status: 500, body: 'boom', contentType: 'text/plain' });
  try {
    await api.createEndpoint({ url: receiver.url, description: 'Ops healthy', eventTypes: ['ops.ping'] });
    await api.createEndpoint({ url: broken.url, description: 'Ops broken', eventTypes: ['ops.fail'] });
    const events = [await api.sendEvent('ops.ping', { n: 1 }), await api.sendEvent('ops.ping', { n: 2 }), await api.sendEvent('ops.fail', { n: 3 })];
    const ids = events.flatMap((e) => e.deliveries.map((d) => d.id));
    await expect.poll(async () => {
      const statuses = await Promise.all(ids.map(async (id) => (await api.delivery(id)).status));
      return statuses.every((s) => s === 'succeeded' || s === 'failed');
    }, { timeout: 30_000 }).toBe(true);
  } finally {
    await broken.close();
  }

  await signIn(page, users.operator);
  await navLink(page, 'Operations').click();
  await expect(page).toHaveURL('/admin/operations');
  await expect(page.getByRole('heading', { name: 'Operations', level: 1 })).toBeVisible();

  // Queue and deliveries: real counts (the run's traffic has settled; some failed for good).
  for (const id of ['queue-ready', 'queue-scheduled', 'queue-locked', 'queue-exhausted', 'deliveries-pending', 'deliveries-retrying']) {
    await expect(page.getByTestId(id)).toHaveText(/^\d[\d,]*$/);
  }
  expect(Number((await page.getByTestId('deliveries-succeeded').textContent())!.replaceAll(',', ''))).toBeGreaterThanOrEqual(2);
  expect(Number((await page.getByTestId('deliveries-failed').textContent())!.replaceAll(',', ''))).toBeGreaterThanOrEqual(1);

  // Throughput: bars for the attempts just made, a non-zero error rate, HTTP 500 among the errors.
  await expect(page.getByTestId('throughput-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('error-rate-1h')).toHaveText(/^\d+(\.\d)?%$/);
  expect(await page.getByTestId('error-rate-1h').textContent()).not.toBe('0%');
  await expect(page.getByTestId('top-errors')).toContainText('HTTP 500');

  // Workers: the e2e worker process holds a live lease.
  const workers = page.getByTestId('workers-table');
  await expect(workers.getByRole('row').filter({ hasText: 'Live' }).first()).toBeVisible();
  await expect(workers.getByRole('row').filter({ hasText: 'Live' }).first()).toContainText(/hookline-[0-9a-f]{12}/);

  // Endpoints needing attention, across tenants, each linking to its tenant's endpoint page.
  const failing = page.getByTestId('attention-table').getByRole('row').filter({ has: page.getByRole('link', { name: broken.url, exact: true }) });
  await expect(failing).toContainText('Globex');
  await expect(failing.getByTestId('health-state')).toHaveText('Failing');
  await expect(failing.getByRole('link').first()).toHaveAttribute('href', new RegExp(`^/t/${globex.id}/endpoints/ep_`));

  // Live: the page polls every 5 s.
  await page.waitForResponse((r) => r.url().endsWith('/api/dashboard/admin/operations') && r.status() === 200, { timeout: 10_000 });
  await screenshot(page, 'operations');

  await failing.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/t/${globex.id}/endpoints/ep_`));
});
