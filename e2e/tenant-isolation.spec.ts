// A user of tenant A cannot reach tenant B's deliveries, endpoints or secrets by URL:
// every such page and API route answers 404, as for an id that does not exist.
import { expect, producer, seed, signIn, test } from './support/fixtures';

test('a member of Acme gets 404 for every Globex URL', async ({ page, request, receiver }) => {
  const { acme, globex, users } = seed();
  const globexApi = producer(request, globex.apiKey);
  const endpoint = await globexApi.createEndpoint({ url: receiver.url, eventTypes: ['globex.private'] });
  const event = await globexApi.sendEvent('globex.private', { secret: 'globex-only' });
  const deliveryId = event.deliveries[0]!.id;
  await expect.poll(async () => (await globexApi.delivery(deliveryId)).status).toBe('succeeded');

  await signIn(page, users.acmeMember);
  const pages = [
    `/t/${globex.id}`,
    `/t/${globex.id}/deliveries`,
    `/t/${globex.id}/deliveries/${deliveryId}`,
    `/t/${globex.id}/endpoints/${endpoint.id}`,
    // Globex's ids under Acme's own tenant id: scoped by tenant, so just as missing.
    `/t/${acme.id}/deliveries/${deliveryId}`,
    `/t/${acme.id}/endpoints/${endpoint.id}`,
    '/admin/tenants',
    '/admin/operations',
  ];
  for (const url of pages) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
  }

  const apis = [
    `/api/dashboard/t/${globex.id}/deliveries`,
    `/api/dashboard/t/${globex.id}/deliveries/${deliveryId}`,
    `/api/dashboard/t/${globex.id}/endpoints/${endpoint.id}`,
    `/api/dashboard/t/${globex.id}/endpoints/${endpoint.id}/secret`,
    `/api/dashboard/t/${acme.id}/deliveries/${deliveryId}`,
    `/api/dashboard/t/${acme.id}/endpoints/${endpoint.id}`,
    `/api/dashboard/t/${acme.id}/endpoints/${endpoint.id}/secret`,
    '/api/dashboard/admin/tenants',
    '/api/dashboard/admin/operations',
  ];
  for (const url of apis) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(404);
    expect(await response.text()).not.toContain(endpoint.secret);
  }

  // Nor does Acme's own list leak it, and the switcher offers Acme only.
  await page.goto(`/t/${acme.id}/deliveries?eventId=${event.id}`);
  await expect(page.getByText('No deliveries match these filters')).toBeVisible();
  await expect(page.getByLabel('Tenant').locator('option')).toHaveText(['Acme']);

  // A Globex member does see it.
  await page.context().clearCookies();
  await signIn(page, users.globexMember);
  const own = await page.goto(`/t/${globex.id}/deliveries/${deliveryId}`);
  expect(own?.status()).toBe(200);
  await expect(page.getByTestId('payload')).toContainText('globex-only');
});
