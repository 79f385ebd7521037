import { segment, type HooklineClient } from '../client.ts';
import type {
  AcceptedEvent,
  BatchAcceptedEvent,
  CallOptions,
  EventPage,
  EventSummary,
  EventWithDeliveries,
  ListEventsQuery,
  SendBatchItem,
  SendBatchOptions,
  SendBatchResult,
  SendEventInput,
  SendEventOptions,
  SendEventResult,
} from '../types.ts';
import { eachItem } from './pages.ts';

export class Events {
  constructor(private readonly client: HooklineClient) {}

  /**
   * Sends an event (POST /events). Always with an Idempotency-Key — a fresh UUID when you
   * give none — so the automatic retries can't create it twice. Pass your own key (e.g.
   * your invoice id) to make your own retries, across restarts, safe as well.
   */
  async send(event: SendEventInput, options: SendEventOptions = {}): Promise<SendEventResult> {
    const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID();
    const { body, headers } = await this.client.request<AcceptedEvent>('POST', '/events', { body: event, idempotencyKey, signal: options.signal });
    return { ...body, replayed: headers.get('idempotent-replayed') === 'true', idempotencyKey };
  }

  /**
   * Sends 1 to 100 events in one request (POST /events/batch): all stored, or none. Each
   * item without an `idempotencyKey` gets a fresh UUID, so the whole request is safe to
   * repeat and is retried like `send`; an item whose key was already used with the same
   * body answers the first event (`replayed: true`).
   */
  async sendBatch(events: SendBatchItem[], options: SendBatchOptions = {}): Promise<SendBatchResult> {
    const items = events.map((event) => ({ ...event, idempotencyKey: event.idempotencyKey ?? crypto.randomUUID() }));
    const { body } = await this.client.request<{ data: BatchAcceptedEvent[] }>('POST', '/events/batch', {
      body: { events: items },
      repeatable: true,
      signal: options.signal,
    });
    return { data: body.data.map((event, n) => ({ ...event, idempotencyKey: items[n]!.idempotencyKey })) };
  }

  /** The event, its payload and its deliveries. */
  async get(id: string, options: CallOptions = {}): Promise<EventWithDeliveries> {
    return (await this.client.request<EventWithDeliveries>('GET', `/events/${segment(id)}`, options)).body;
  }

  /** One page of events, newest first, without payloads. */
  async list(query: ListEventsQuery = {}, options: CallOptions = {}): Promise<EventPage> {
    return (await this.client.request<EventPage>('GET', '/events', { ...options, query })).body;
  }

  /** Every event matching the query, page after page: `for await (const e of hookline.events.iterate())`. */
  iterate(query: ListEventsQuery = {}): AsyncGenerator<EventSummary> {
    return eachItem((q) => this.list(q), query);
  }
}
