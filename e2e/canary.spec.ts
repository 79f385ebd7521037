// The synthetic canary as the operator sees it. The e2e worker runs it every 2 s
// (e2e/support/run-env.ts) through the real path — fan-out, job, attempt, signature,
// HTTP — to this app's own /api/canary/receive; readiness reports it, and the
// Operations page shows its status, latency and latest runs, and the latency chart.
import { expect, navLink, screenshot, seed, signIn, test } from './support/fixtures';

test('the canary passes, readiness reports it, and Operations shows it', async ({ page, request }) => {
  const { users } = seed();
  await expect.poll(async () => (await (await request.get('/api/health/ready')).json()).canary?.status, { timeout: 30_000 }).toBe('ok');
  const ready = await (await request.get('/api/health/ready')).json();
  expect(ready).toMatchObject({ status: 'ok', database: 'ok', canary: { status: 'ok', lastSuccessAt: expect.any(String), latencyMs: expect.any(Number) } });

  await signIn(page, users.operator);
  await navLink(page, 'Operations').click();
  await expect(page).toHaveURL('/admin/operations');
  const card = page.getByTestId('canary-card');
  await expect(card.getByTestId('canary-status')).toHaveText('Passing');
  await expect(card.getByTestId('canary-latency')).toHaveText(/^\d+ ms$|^\d+(\.\d)? s$/);
  await expect(card.getByTestId('canary-last-success')).toHaveText(/just now|second|minute/);
  await expect(card.getByTestId('canary-runs').locator('li[data-state="ok"]').first()).toBeVisible();
  await expect(page.getByTestId('latency-chart').locator('.recharts-line-dot').first()).toBeVisible();

  // Hookline's own tenant is not one of the tenants.
  await expect(page.getByLabel('Tenant').locator('option', { hasText: 'Hookline canary' })).toHaveCount(0);
  await screenshot(page, 'operations-canary');
  await navLink(page, 'Tenants').click();
  await expect(page.getByRole('link', { name: 'Acme' })).toBeVisible();
  await expect(page.getByText('Hookline canary')).toHaveCount(0);
});
