// The system canary's fixed rows and names. The tenant, its one endpoint and that
// endpoint's secret are created on demand (ensure-canary-endpoint.ts) under these ids,
// which no tenant can mint (lib/ids.ts makes time-based ones), so the canary's SSRF
// exemption (attempt-delivery.ts) can be keyed on the endpoint id and nothing else.
export const CANARY_TENANT_ID = 'tnt_hookline_canary';
export const CANARY_ENDPOINT_ID = 'ep_hookline_canary';
export const CANARY_SECRET_ID = 'sec_hookline_canary';
export const CANARY_TENANT_NAME = 'Hookline canary';
export const CANARY_EVENT_TYPE = 'hookline.canary';

// graphile-worker: the task, and the one job key every canary job carries, so at most
// one canary job is waiting across all workers.
export const CANARY_TASK = 'canary';
export const CANARY_JOB_KEY = 'hookline:canary';

/** The one endpoint allowed to be on a private address whatever ALLOW_PRIVATE_ENDPOINTS says. */
export function isCanaryEndpoint(endpointId: string): boolean {
  return endpointId === CANARY_ENDPOINT_ID;
}
