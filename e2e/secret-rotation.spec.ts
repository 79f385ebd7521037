// Rotating a secret: during the grace period every webhook carries two signatures, each
// verifying with its own secret (checked with the Standard Webhooks library, as a
// consumer would); once the grace is over, only the new one.
import { Webhook } from 'standardwebhooks';
import { expect, producer, screenshot, seed, signIn, sql, test } from './support/fixtures';
import type { Received } from './support/receiver';

const verifies = (secret: string, request: Received, signature: string) => {
  try {
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': signature,
    });
    return true;
  } catch {
    return false;
  }
};

test('rotation signs with both secrets during the grace period, then only the new one', async ({ page, request, receiver }) => {
  const { acme, users } = seed();
  const api = producer(request, acme.apiKey);
  const endpoint = await api.createEndpoint({ url: receiver.url, description: 'Rotation', eventTypes: ['secret.rotation'] });
  const oldSecret = endpoint.secret;

  await signIn(page, users.acmeMember);
  await page.goto(`/t/${acme.id}/endpoints/${endpoint.id}`);
  await expect(page.getByTestId('current-secret')).not.toContainText(oldSecret);
  await page.getByRole('button', { name: 'Reveal' }).click();
  await expect(page.getByTestId('current-secret')).toHaveText(oldSecret);

  await page.getByRole('button', { name: 'Rotate…' }).click();
  const grace = page.getByLabel('Keep the old secret valid for (hours)');
  await grace.fill('800');
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await expect(page.getByText('Too big: expected number to be <=720')).toBeVisible();
  await grace.fill('24');
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const newSecret = (await page.getByTestId('new-secret').textContent())!.trim();
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(oldSecret);
  await expect(page.getByTestId('previous-secrets').getByRole('listitem')).toHaveCount(1);
  await expect(page.getByTestId('previous-secrets')).toContainText('expires in 24 hours');
  await screenshot(page, 'secret-rotated');

  // During the grace period: two signatures, one per secret.
  await api.sendEvent('secret.rotation', { step: 'grace' });
  await expect.poll(() => receiver.requests.length).toBe(1);
  const during = receiver.requests[0]!;
  const entries = String(during.headers['webhook-signature']).split(' ');
  expect(entries).toHaveLength(2);
  expect(entries.map((sig) => [verifies(newSecret, during, sig), verifies(oldSecret, during, sig)])).toEqual([
    [true, false],
    [false, true],
  ]);

  // The grace ends (made to end now rather than in 24 hours).
  await sql(`update endpoint_secrets set expires_at = now() - interval '1 second' where endpoint_id = $1 and expires_at is not null`, [endpoint.id]);
  await api.sendEvent('secret.rotation', { step: 'after' });
  await expect.poll(() => receiver.requests.length).toBe(2);
  const after = receiver.requests[1]!;
  const signature = String(after.headers['webhook-signature']);
  expect(signature.split(' ')).toHaveLength(1);
  expect(verifies(newSecret, after, signature)).toBe(true);
  expect(verifies(oldSecret, after, signature)).toBe(false);

  await page.reload();
  await expect(page.getByTestId('previous-secrets')).toHaveCount(0);
  await page.getByRole('button', { name: 'Reveal' }).click();
  await expect(page.getByTestId('current-secret')).toHaveText(newSecret);
});
