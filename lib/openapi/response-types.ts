// Compile-time guard: what each lib function behind a /api/v1 route returns is exactly
// the response schema documented for it (both ways: no undocumented field, no documented
// field missing). Serializers declare their schema's type as their return type; this file
// covers the answers built elsewhere. `tsc --noEmit` fails here when one side changes alone.
import type { getDelivery } from '../deliveries/get-delivery.ts';
import type { listDeliveries } from '../deliveries/list-deliveries.ts';
import type { retryDelivery } from '../deliveries/retry-delivery.ts';
import type { TDelivery, TDeliveryPage, TDeliverySummary, TEventWithDeliveries } from '../deliveries/schema.ts';
import type { createEndpoint } from '../endpoints/create-endpoint.ts';
import type { getEndpointSecrets } from '../endpoints/get-endpoint-secrets.ts';
import type { listEndpoints } from '../endpoints/list-endpoints.ts';
import type { recoverEndpoint } from '../endpoints/recover-endpoint.ts';
import type { rotateSecret } from '../endpoints/rotate-secret.ts';
import type { TCreatedEndpoint, TEndpoint, TEndpointPage, TEndpointSecrets, TRecoverResult, TRotatedSecret } from '../endpoints/schema.ts';
import type { updateEndpoint } from '../endpoints/update-endpoint.ts';
import type { createEvent } from '../events/create-event.ts';
import type { getEvent } from '../events/get-event.ts';
import type { listEvents } from '../events/list-events.ts';
import type { TAcceptedEvent, TEventPage } from '../events/schema.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Expect<T extends true> = T;

export type ResponseTypeChecks = [
  Expect<Same<Answer<typeof createEndpoint>, TCreatedEndpoint>>,
  Expect<Same<Answer<typeof listEndpoints>, TEndpointPage>>,
  Expect<Same<Answer<typeof updateEndpoint>, TEndpoint>>,
  Expect<Same<Answer<typeof getEndpointSecrets>, TEndpointSecrets>>,
  Expect<Same<Answer<typeof rotateSecret>, TRotatedSecret>>,
  Expect<Same<Answer<typeof recoverEndpoint>, TRecoverResult>>,
  Expect<Same<Answer<typeof createEvent>['event'], TAcceptedEvent>>,
  Expect<Same<Answer<typeof listEvents>, TEventPage>>,
  Expect<Same<Answer<typeof getEvent>, TEventWithDeliveries>>,
  Expect<Same<Answer<typeof listDeliveries>, TDeliveryPage>>,
  Expect<Same<Answer<typeof getDelivery>, TDelivery>>,
  Expect<Same<Answer<typeof retryDelivery>, TDeliverySummary>>,
];
