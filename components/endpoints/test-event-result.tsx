'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect } from 'react';
import type { DeliveryDetail } from '@/lib/dashboard/delivery-detail';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { StatusBadge } from '../ui/badge';

/** Follows the test event's delivery until it settles. */
export function TestEventResult({ tenantId, deliveryId }: { tenantId: string; deliveryId: string }) {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: ['delivery', tenantId, deliveryId],
    queryFn: ({ signal }) => fetchJson<DeliveryDetail>(tenantApi(tenantId, `/deliveries/${deliveryId}`), { signal }),
    refetchInterval: (q) => (q.state.data && ['succeeded', 'failed'].includes(q.state.data.status) ? false : 1_000),
  });
  const settled = data?.status === 'succeeded' || data?.status === 'failed';
  // Once it settles, the health tiles, chart and recent deliveries include it at once.
  useEffect(() => {
    if (!settled) return;
    for (const key of ['endpoint', 'stats', 'deliveries', 'endpoints']) void queryClient.invalidateQueries({ queryKey: [key, tenantId] });
  }, [settled, queryClient, tenantId]);
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-white px-4 py-3 text-sm shadow-xs" role="status" data-testid="test-event-result">
      <span className="font-medium text-slate-900">Test event sent</span>
      {data ? <StatusBadge status={data.status} /> : <StatusBadge status="pending" />}
      {data?.attempts.at(-1) && (
        <span className="text-slate-500">
          {data.attempts.at(-1)!.statusCode ?? data.attempts.at(-1)!.errorClass} in {data.attempts.at(-1)!.durationMs} ms
        </span>
      )}
      <Link href={`/t/${tenantId}/deliveries/${deliveryId}`} className="ml-auto font-medium text-indigo-600 hover:text-indigo-500">
        View delivery →
      </Link>
    </div>
  );
}
