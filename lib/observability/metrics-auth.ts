// METRICS_TOKEN: when set, both metrics endpoints (the app's /api/metrics and the
// worker's /metrics) answer only `Authorization: Bearer <token>`, and 401 otherwise.
// Compared as SHA-256 digests with timingSafeEqual: constant time, whatever the length
// of what was sent.
import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '../env.ts';

export function metricsAuthorized(authorization: string | null | undefined): boolean {
  const token = env().METRICS_TOKEN;
  if (!token) return true;
  const sent = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(sent), digest(token));
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export const METRICS_UNAUTHORIZED = {
  status: 401,
  headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' },
  body: JSON.stringify({ error: { code: 'unauthorized', message: 'metrics need Authorization: Bearer <METRICS_TOKEN>' } }),
} as const;
