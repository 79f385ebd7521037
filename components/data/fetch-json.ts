// The dashboard's client for /api/dashboard: JSON in, JSON out, and the API's error body
// ({ error: { code, message, details } }) turned into an ApiError forms can read.
export type FieldIssue = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Zod issues from a 400, by field: what a form shows under each input. */
  get fieldIssues(): FieldIssue[] {
    return Array.isArray(this.details) ? (this.details as FieldIssue[]).filter((d) => typeof d?.path === 'string') : [];
  }
}

export async function fetchJson<T>(url: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    signal: init.signal,
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? safeParse(text) : null;
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (response.status === 401 && typeof window !== 'undefined') window.location.assign('/login');
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `request failed (${response.status})`, error?.details);
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The URL of a dashboard API route for a tenant. */
export function tenantApi(tenantId: string, path = ''): string {
  return `/api/dashboard/t/${encodeURIComponent(tenantId)}${path}`;
}
