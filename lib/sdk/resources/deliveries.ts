import { segment, type HooklineClient } from '../client.ts';
import type { CallOptions, Delivery, DeliveryPage, DeliverySummary, ListDeliveriesQuery } from '../types.ts';
import { eachItem } from './pages.ts';

export class Deliveries {
  constructor(private readonly client: HooklineClient) {}

  /** One page, newest first, filtered by status, endpoint, event, event type or time. */
  async list(query: ListDeliveriesQuery = {}, options: CallOptions = {}): Promise<DeliveryPage> {
    return (await this.client.request<DeliveryPage>('GET', '/deliveries', { ...options, query })).body;
  }

  iterate(query: ListDeliveriesQuery = {}): AsyncGenerator<DeliverySummary> {
    return eachItem((q) => this.list(q), query);
  }

  /** With its event and every attempt. */
  async get(id: string, options: CallOptions = {}): Promise<Delivery> {
    return (await this.client.request<Delivery>('GET', `/deliveries/${segment(id)}`, options)).body;
  }

  /** One immediate extra attempt; resolves to the delivery as queued. Not retried automatically. */
  async retry(id: string, options: CallOptions = {}): Promise<DeliverySummary> {
    return (await this.client.request<DeliverySummary>('POST', `/deliveries/${segment(id)}/retry`, options)).body;
  }
}
