// An admin registers an endpoint (with a rate limit, delivered in order) and proves it
// with a test event; a member of the same tenant sees no create/delete controls, and the
// server refuses them anyway.
import { expect, navLink, producer, sameOrigin, screenshot, seed, signIn, sql, test } from './support/fixtures';

test('admin creates an endpoint and sees a test event delivered', async ({ page, receiver }) => {
  const { acme, users } = seed();
  await signIn(page, users.acmeAdmin);
  await navLink(page, 'Endpoints').click();
  await page.getByRole('link', { name: 'Add endpoint' }).first().click();
  await expect(page).toHaveURL(`/t/${acme.id}/endpoints/new`);

  // Inline validation from ZCreateEndpoint, before anything is sent.
  await page.getByLabel('Endpoint URL').fill('ftp://example.com/hooks');
  await page.getByLabel('Event types').fill('invoice.paid, not valid!');
  await page.getByLabel('Rate limit').fill('0');
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await expect(page.getByText('must be an http:// or https:// URL')).toBeVisible();
  await expect(page.getByText('event types use letters, digits and . _ - : /')).toBeVisible();
  const rateLimitError = page.getByText('rate limit must be a whole number from 1 to 100000 per second');
  await expect(rateLimitError).toBeVisible();
  await screenshot(page, 'endpoint-new-validation');

  await page.getByLabel('Endpoint URL').fill(receiver.url);
  await page.getByLabel('Description').fill('Billing service');
  await page.getByLabel('Event types').fill('invoice.paid, invoice.payment_failed');
  // Re-checked as it is edited: the error goes once the value is in range.
  await page.getByLabel('Rate limit').fill('5');
  await expect(rateLimitError).toHaveCount(0);
  // From the keyboard: Tab from the rate limit reaches the checkbox, Space ticks it.
  await page.getByLabel('Rate limit').press('Tab');
  await expect(page.getByLabel('Deliver in order')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Deliver in order')).toBeChecked();
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${acme.id}/endpoints/ep_`));
  await expect(page.getByTestId('endpoint-url')).toHaveText(receiver.url);
  await expect(page.getByTestId('endpoint-rate-limit')).toHaveText('5/s');
  await expect(page.getByTestId('endpoint-ordered')).toHaveText('Yes');
  const endpointId = page.url().split('/').at(-1)!;
  const [row] = await sql<{ rate_limit_per_second: number | null; ordered: boolean }>(
    'select rate_limit_per_second, ordered from endpoints where id = $1',
    [endpointId],
  );
  expect(row).toEqual({ rate_limit_per_second: 5, ordered: true });

  await page.getByRole('button', { name: 'Send test event' }).click();
  const result = page.getByTestId('test-event-result');
  await expect(result.getByTestId('status')).toHaveText('Succeeded');
  expect(receiver.requests).toHaveLength(1);
  expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'hookline.test' });
  // It shows in the endpoint's recent deliveries too (polled).
  await expect(page.getByTestId('deliveries-table').getByText('hookline.test')).toBeVisible();
  await screenshot(page, 'endpoint-detail-admin');

  // The edit form starts from the saved options; clearing the rate limit means unlimited.
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel('Rate limit')).toHaveValue('5');
  await expect(page.getByLabel('Deliver in order')).toBeChecked();
  await page.getByLabel('Rate limit').fill('');
  await page.getByLabel('Deliver in order').uncheck();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('endpoint-rate-limit')).toHaveText('Unlimited');
  await expect(page.getByTestId('endpoint-ordered')).toHaveText('No');
  expect(await sql('select rate_limit_per_second, ordered from endpoints where id = $1', [endpointId])).toEqual([{ rate_limit_per_second: null, ordered: false }]);

  // Disabled endpoints say why and since when; enabling brings it back.
  await page.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByTestId('disabled-reason')).toHaveText('disabled by a user');
  await expect(page.getByRole('button', { name: 'Send test event' })).toBeDisabled();
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByTestId('disabled-reason')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send test event' })).toBeEnabled();
});

test('a member cannot create or delete endpoints: no buttons, and the server refuses', async ({ page, request, receiver }) => {
  const { acme, users } = seed();
  const endpoint = await producer(request, acme.apiKey).createEndpoint({ url: receiver.url, eventTypes: ['member.cannot'] });
  await signIn(page, users.acmeMember);

  await page.goto(`/t/${acme.id}/endpoints`);
  await expect(page.getByRole('heading', { name: 'Endpoints' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add endpoint' })).toHaveCount(0);
  await page.goto(`/t/${acme.id}/endpoints/${endpoint.id}`);
  await expect(page.getByTestId('endpoint-url')).toHaveText(receiver.url);
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send test event' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  // Members still read, reveal and rotate.
  await expect(page.getByRole('button', { name: 'Reveal' })).toBeVisible();
  await screenshot(page, 'endpoint-detail-member');

  const newPage = await page.goto(`/t/${acme.id}/endpoints/new`);
  expect(newPage?.status()).toBe(404);

  // The same session, straight at the API: refused on the server, with the role named.
  const create = await page.request.post(`/api/dashboard/t/${acme.id}/endpoints`, { headers: sameOrigin(), data: { url: receiver.url } });
  expect(create.status()).toBe(403);
  expect((await create.json()).error.message).toContain('member');
  const remove = await page.request.delete(`/api/dashboard/t/${acme.id}/endpoints/${endpoint.id}`, { headers: sameOrigin() });
  expect(remove.status()).toBe(403);
  const disable = await page.request.patch(`/api/dashboard/t/${acme.id}/endpoints/${endpoint.id}`, { headers: sameOrigin(), data: { disabled: true } });
  expect(disable.status()).toBe(403);
  const still = await page.request.get(`/api/dashboard/t/${acme.id}/endpoints/${endpoint.id}`);
  expect(still.status()).toBe(200);
  expect((await still.json()).disabled).toBe(false);
});
