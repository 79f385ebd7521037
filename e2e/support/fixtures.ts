// What the e2e tests share: the seed made by globalSetup, signing in through the real
// form, the producer API (as a tenant's backend would call it), and a database handle
// for the one thing no UI does (expiring a rotated secret's grace "now").
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';
import pg from 'pg';
import { runEnv } from './run-env.ts';
import { startReceiver, type Receiver } from './receiver.ts';

type Seed = {
  password: string;
  acme: { id: string; apiKey: string };
  globex: { id: string; apiKey: string };
  users: { acmeAdmin: string; acmeMember: string; globexMember: string; operator: string };
};

export function seed(): Seed {
  const text = process.env.HOOKLINE_E2E_SEED;
  if (!text) throw new Error('HOOKLINE_E2E_SEED is not set: globalSetup did not run');
  return JSON.parse(text) as Seed;
}

export async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(seed().password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(t|admin)\//);
}

/** A link in the sidebar (pages have other links with the same words). */
export function navLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** The producer API with a tenant's key: what a SaaS backend does. */
export function producer(request: APIRequestContext, apiKey: string) {
  const headers = { authorization: `Bearer ${apiKey}` };
  return {
    async createEndpoint(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
      const res = await request.post('/api/v1/endpoints', { headers, data: body });
      expect(res.status(), await res.text()).toBe(201);
      return res.json();
    },
    async sendEvent(type: string, data: Record<string, unknown>): Promise<{ id: string; deliveries: { id: string; endpointId: string }[] }> {
      const res = await request.post('/api/v1/events', { headers, data: { type, data } });
      expect(res.status(), await res.text()).toBe(202);
      return res.json();
    },
    async delivery(id: string): Promise<{ status: string; attemptCount: number }> {
      const res = await request.get(`/api/v1/deliveries/${id}`, { headers });
      expect(res.status()).toBe(200);
      return res.json();
    },
  };
}

export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: runEnv().app.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Dashboard API writes must carry the page's Origin, as a browser's fetch does. */
export const sameOrigin = () => ({ origin: runEnv().baseURL });

export async function screenshot(page: Page, name: string) {
  // Let polling settle and charts finish their entry animation.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

export const test = base.extend<{ receiver: Receiver; pageErrors: void }>({
  receiver: async ({}, use) => {
    const receiver = await startReceiver();
    await use(receiver);
    await receiver.close();
  },
  // Every test also fails on an uncaught error or a console error in the page (hydration
  // mismatches, React warnings), not only on what it asserts. 4xx answers the tests
  // provoke on purpose are logged by Chromium as "Failed to load resource": those pass.
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`);
      });
      await use();
      expect(errors, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
