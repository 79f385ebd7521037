// Endpoint health as the worker leaves it: a circuit opened by failures in a row, an
// endpoint disabled after a 410 Gone, and the operational events recorded for each. The
// state is written straight into the database (as the worker writes it), so the test
// does not wait out real cooldowns; each endpoint takes an event type nobody sends, so
// other tests' traffic never reaches them.
import { newId } from '../lib/ids.ts';
import { expect, navLink, producer, screenshot, seed, signIn, sql, test } from './support/fixtures';

type Health = { tenantId: string; endpointId: string };

async function openCircuit({ tenantId, endpointId }: Health) {
  await sql(
    `update endpoints set failing_since = now() - interval '25 minutes', consecutive_failures = 12, circuit_state = 'open', circuit_trips = 1,
            circuit_opened_at = now() - interval '4 minutes', circuit_retry_at = now() + interval '10 minutes' where id = $1`,
    [endpointId],
  );
  await addEvent({ tenantId, endpointId }, 'endpoint.circuit_opened', 'Circuit opened after 10 failed attempts in a row: deliveries are held, and one probe attempt goes in 30 s', 4 * 60);
}

async function disableGone({ tenantId, endpointId }: Health) {
  await sql(`update endpoints set failing_since = now() - interval '2 minutes', consecutive_failures = 1, disabled_at = now() - interval '2 minutes', disabled_reason = 'the endpoint answered 410 Gone' where id = $1`, [endpointId]);
  await addEvent({ tenantId, endpointId }, 'endpoint.disabled', 'Disabled: the endpoint answered 410 Gone', 2 * 60);
}

/** An operational event as the worker records it, `secondsAgo` back (its id carries that time). */
async function addEvent({ tenantId, endpointId }: Health, type: string, message: string, secondsAgo: number) {
  const at = Date.now() - secondsAgo * 1000;
  await sql(`insert into operational_events (id, tenant_id, endpoint_id, type, message, created_at) values ($1, $2, $3, $4, $5, $6)`, [
    newId('operationalEvent', at),
    tenantId,
    endpointId,
    type,
    message,
    new Date(at),
  ]);
}

test('a tenant sees each endpoint’s health and its operational events', async ({ page, request, receiver }) => {
  const { acme, users } = seed();
  const api = producer(request, acme.apiKey);
  const healthy = await api.createEndpoint({ url: `${receiver.url}/healthy`, description: 'Health: fine', eventTypes: ['health.none'] });
  const open = await api.createEndpoint({ url: `${receiver.url}/circuit`, description: 'Health: circuit open', eventTypes: ['health.none'] });
  const gone = await api.createEndpoint({ url: `${receiver.url}/gone`, description: 'Health: gone', eventTypes: ['health.none'] });
  // Before it opened: the circuit had closed once after an earlier outage.
  await addEvent({ tenantId: acme.id, endpointId: open.id }, 'endpoint.circuit_closed', 'Circuit closed: an attempt succeeded, held deliveries go now', 3 * 3600);
  await openCircuit({ tenantId: acme.id, endpointId: open.id });
  await disableGone({ tenantId: acme.id, endpointId: gone.id });

  await signIn(page, users.acmeMember);
  await navLink(page, 'Endpoints').click();
  const rows = page.getByTestId('endpoints-table').getByRole('row');
  await expect(rows.filter({ hasText: `${receiver.url}/healthy` }).getByTestId('endpoint-health')).toHaveText('Healthy');
  const openRow = rows.filter({ hasText: `${receiver.url}/circuit` }).getByTestId('endpoint-health');
  await expect(openRow.getByTestId('health-state')).toHaveText('Circuit open');
  await expect(openRow).toContainText(/next probe in (9|10) minutes/);
  const goneRow = rows.filter({ hasText: `${receiver.url}/gone` }).getByTestId('endpoint-health');
  await expect(goneRow.getByTestId('health-state')).toHaveText('Disabled');
  await expect(goneRow).toContainText('the endpoint answered 410 Gone');
  expect(healthy.id).toMatch(/^ep_/);

  await page.goto(`/t/${acme.id}/endpoints/${open.id}`);
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('health-state')).toHaveText('Circuit open');
  await expect(page.getByText('Circuit open: deliveries to this endpoint are held')).toBeVisible();
  const card = page.getByTestId('health-card');
  await expect(card.getByTestId('consecutive-failures')).toHaveText('12');
  await expect(card.getByTestId('circuit-state')).toContainText(/^Open\s*since /);
  await expect(card.getByTestId('next-probe')).toContainText(/in (9|10) minutes/);
  // Newest first: the opening, then the closing three hours before.
  const events = page.getByTestId('operational-events').getByTestId('operational-event');
  await expect(events).toHaveCount(2);
  await expect(events.nth(0).getByTestId('operational-event-type')).toHaveText('Circuit opened');
  await expect(events.nth(0)).toContainText('Circuit opened after 10 failed attempts in a row');
  await expect(events.nth(1).getByTestId('operational-event-type')).toHaveText('Circuit closed');
  await screenshot(page, 'endpoint-health');

  await page.goto(`/t/${acme.id}/endpoints/${gone.id}`);
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('health-state')).toHaveText('Disabled');
  await expect(page.getByTestId('disabled-reason')).toHaveText('the endpoint answered 410 Gone');
  await expect(page.getByTestId('operational-events').getByTestId('operational-event')).toHaveText([/Disabled: the endpoint answered 410 Gone/]);
});

test('the operator sees circuit-broken endpoints and operational events across tenants', async ({ page, request, receiver }) => {
  const { globex, users } = seed();
  const api = producer(request, globex.apiKey);
  const open = await api.createEndpoint({ url: `${receiver.url}/globex-circuit`, description: 'Globex circuit open', eventTypes: ['health.none'] });
  await openCircuit({ tenantId: globex.id, endpointId: open.id });

  await signIn(page, users.operator);
  await navLink(page, 'Operations').click();
  await expect(page).toHaveURL('/admin/operations');

  const attention = page.getByTestId('attention-table').getByRole('row').filter({ hasText: `${receiver.url}/globex-circuit` });
  await expect(attention).toContainText('Globex');
  await expect(attention.getByTestId('health-state')).toHaveText('Circuit open');
  await expect(attention).toContainText(/12 failed in a row, deliveries held · next probe in (9|10) minutes/);

  const event = page.getByTestId('operational-events-table').getByRole('row').filter({ hasText: `${receiver.url}/globex-circuit` });
  await expect(event).toHaveCount(1);
  await expect(event).toContainText('Globex');
  await expect(event.getByTestId('operational-event-type')).toHaveText('Circuit opened');
  await expect(event).toContainText('Circuit opened after 10 failed attempts in a row');
  await expect(event.getByRole('link', { name: `${receiver.url}/globex-circuit` })).toHaveAttribute('href', `/t/${globex.id}/endpoints/${open.id}`);
  await screenshot(page, 'operations-health');
});
