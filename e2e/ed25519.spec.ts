// An admin creates an Ed25519 endpoint in the dashboard and sees its public key (no
// Reveal: a public key is no secret). A test event reaches the receiver signed `v1a,`
// and verifies, with node:crypto, against the key the page shows. A rotation shows the
// new key and keeps the old one listed while it still signs.
import { createPublicKey, verify } from 'node:crypto';
import { expect, navLink, sameOrigin, screenshot, seed, signIn, sql, test } from './support/fixtures';
import type { Received } from './support/receiver';

/** node:crypto's view of a whpk_ key: the raw 32 bytes wrapped as a JWK. */
function verifies(publicKey: string, request: Received, entry: string): boolean {
  const x = Buffer.from(publicKey.slice('whpk_'.length), 'base64').toString('base64url');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  const signed = Buffer.from(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`);
  return entry.startsWith('v1a,') && verify(null, signed, key, Buffer.from(entry.slice(4), 'base64'));
}

test('admin creates an Ed25519 endpoint and verifies a test event with the public key shown', async ({ page, receiver }) => {
  const { acme, users } = seed();
  await signIn(page, users.acmeAdmin);
  await navLink(page, 'Endpoints').click();
  await page.getByRole('link', { name: 'Add endpoint' }).first().click();
  await page.getByLabel('Endpoint URL').fill(receiver.url);
  await page.getByLabel('Description').fill('Ledger (Ed25519)');
  await expect(page.getByLabel('Signature scheme')).toHaveValue('hmac-sha256');
  await page.getByLabel('Signature scheme').selectOption('ed25519');
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${acme.id}/endpoints/ep_`));
  const endpointId = page.url().split('/').at(-1)!;

  await expect(page.getByTestId('endpoint-signature-scheme')).toHaveText('Ed25519 (v1a, public key)');
  await expect(page.getByRole('heading', { name: 'Public key (Ed25519)' })).toBeVisible();
  const shown = page.getByTestId('current-public-key');
  await expect(shown).toHaveText(/^whpk_[A-Za-z0-9+/]{43}=$/);
  const publicKey = (await shown.textContent())!.trim();
  await expect(page.getByRole('button', { name: 'Copy public key' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reveal' })).toHaveCount(0);
  const [row] = await sql<{ signature_scheme: string; public_key: string }>(
    'select e.signature_scheme, s.public_key from endpoints e join endpoint_secrets s on s.endpoint_id = e.id where e.id = $1',
    [endpointId],
  );
  expect(row).toEqual({ signature_scheme: 'ed25519', public_key: publicKey });
  // The page never carries the private key.
  expect(await page.content()).not.toContain('whsk_');

  await page.getByRole('button', { name: 'Send test event' }).click();
  await expect(page.getByTestId('test-event-result').getByTestId('status')).toHaveText('Succeeded');
  const first = receiver.requests[0]!;
  const entries = String(first.headers['webhook-signature']).split(' ');
  expect(entries).toHaveLength(1);
  expect(verifies(publicKey, first, entries[0]!)).toBe(true);
  await screenshot(page, 'endpoint-ed25519');

  // Rotation: a new key pair; the old public key is listed while it keeps signing.
  await page.getByRole('button', { name: 'Rotate…' }).click();
  await page.getByLabel('Keep the old secret valid for (hours)').fill('1');
  await page.getByRole('button', { name: 'Rotate secret' }).click();
  await expect(page.getByTestId('new-public-key-callout')).toBeVisible();
  await expect(shown).not.toHaveText(publicKey);
  const next = (await shown.textContent())!.trim();
  expect(next).toMatch(/^whpk_/);
  await expect(page.getByTestId('previous-public-keys')).toContainText(publicKey);

  await page.getByRole('button', { name: 'Send test event' }).click();
  await expect.poll(() => receiver.requests.length).toBe(2);
  const during = String(receiver.requests[1]!.headers['webhook-signature']).split(' ');
  expect(during.map((entry) => [verifies(next, receiver.requests[1]!, entry), verifies(publicKey, receiver.requests[1]!, entry)])).toEqual([
    [true, false],
    [false, true],
  ]);

  // Acme is shared by every spec, and this endpoint (all event types) would outlive its
  // receiver: later specs' events would fan out to it and fail there.
  const removed = await page.request.delete(`/api/dashboard/t/${acme.id}/endpoints/${endpointId}`, { headers: sameOrigin() });
  expect(removed.status()).toBe(204);
});
