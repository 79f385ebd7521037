// The Hookline SDK for producers: `import { Hookline } from 'hookline/sdk'`.
//
//   const hookline = new Hookline({ baseUrl: 'https://hooks.example.com', apiKey: process.env.HOOKLINE_API_KEY! });
//   await hookline.events.send({ type: 'invoice.paid', data: { id: 'inv_1' } }, { idempotencyKey: 'inv_1' });
//
// See docs/sdk.md. Runs wherever fetch does (Node 20+); carries no server code.
import { HooklineClient, type HooklineOptions } from './client.ts';
import { Deliveries } from './resources/deliveries.ts';
import { Endpoints } from './resources/endpoints.ts';
import { Events } from './resources/events.ts';

export class Hookline {
  readonly events: Events;
  readonly endpoints: Endpoints;
  readonly deliveries: Deliveries;

  constructor(options: HooklineOptions) {
    const client = new HooklineClient(options);
    this.events = new Events(client);
    this.endpoints = new Endpoints(client);
    this.deliveries = new Deliveries(client);
  }
}

export { SDK_VERSION, type HooklineOptions, type RetryInfo } from './client.ts';
export * from './errors.ts';
export type * from './types.ts';
