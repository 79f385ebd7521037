// The SDK's request and response types, inferred from the zod schemas the API itself
// parses with and answers with (lib/*/schema.ts). Type imports only: nothing of the
// server (not even zod) is loaded by the SDK at runtime.
import type { TCreateEndpoint, TCreatedEndpoint, TEndpoint, TEndpointPage, TEndpointSecrets, TRecoverEndpoint, TRecoverResult, TRotateSecret, TRotatedSecret, TUpdateEndpoint } from '../endpoints/schema.ts';
import type { TAttempt, TDelivery, TDeliveryPage, TDeliveryQuery, TDeliverySummary, TEventWithDeliveries } from '../deliveries/schema.ts';
import type { TAcceptedEvent, TBatchAcceptedEvent, TBatchEventItem, TCreateEvent, TEvent, TEventPage, TEventQuery, TEventSummary } from '../events/schema.ts';

export type { TApiError as ApiErrorBody, TErrorDetail as ErrorDetail } from '../http/schema.ts';

export type Endpoint = TEndpoint;
export type CreatedEndpoint = TCreatedEndpoint;
export type EndpointPage = TEndpointPage;
export type EndpointSigningKeys = TEndpointSecrets;
export type RotatedSecret = TRotatedSecret;
export type RecoverResult = TRecoverResult;
export type CreateEndpointInput = TCreateEndpoint;
export type UpdateEndpointInput = TUpdateEndpoint;
export type RotateSecretInput = TRotateSecret;
export type RecoverEndpointInput = Omit<TRecoverEndpoint, 'since' | 'until'> & { since: string | Date; until?: string | Date };

export type SendEventInput = TCreateEvent;
export type AcceptedEvent = TAcceptedEvent;
export type SendBatchItem = TBatchEventItem;
export type BatchAcceptedEvent = TBatchAcceptedEvent;
export type Event = TEvent;
export type EventSummary = TEventSummary;
export type EventWithDeliveries = TEventWithDeliveries;
export type EventPage = TEventPage;

export type Delivery = TDelivery;
export type DeliverySummary = TDeliverySummary;
export type DeliveryPage = TDeliveryPage;
export type Attempt = TAttempt;

/** Every list takes these: up to `limit` (1–250, default 50) items after `cursor`. */
export type PageQuery = { limit?: number; cursor?: string };
type TimeRange = { since?: string | Date; until?: string | Date };
export type ListEventsQuery = Omit<TEventQuery, 'limit' | 'cursor' | 'since' | 'until'> & PageQuery & TimeRange;
export type ListDeliveriesQuery = Omit<TDeliveryQuery, 'limit' | 'cursor' | 'since' | 'until'> & PageQuery & TimeRange;

/** What `events.send` resolves to: the API's answer, whether it was a replay, and the key used. */
export type SendEventResult = AcceptedEvent & { replayed: boolean; idempotencyKey: string };
export type SendEventOptions = { idempotencyKey?: string; signal?: AbortSignal };
export type CallOptions = { signal?: AbortSignal; maxRetries?: number };

/** What `events.sendBatch` resolves to: the API's answer, each item with the key it was sent with. */
export type SendBatchResult = { data: (BatchAcceptedEvent & { idempotencyKey: string })[] };
export type SendBatchOptions = { signal?: AbortSignal };
