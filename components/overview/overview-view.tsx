'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { endpointHealthKind } from '@/lib/dashboard/endpoint-health-state';
import type { HourlyPoint } from '@/lib/dashboard/hourly-stats';
import type { listDeliveryRows } from '@/lib/dashboard/list-delivery-rows';
import type { TenantOverview } from '@/lib/dashboard/tenant-overview';
import { HourlyChart } from '../charts/hourly-chart';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { DeliveriesTable } from '../deliveries/deliveries-table';
import { HealthBadge, NextProbe } from '../endpoints/health';
import { ButtonLink } from '../ui/button';
import { Card, CardHeader } from '../ui/card';
import { cn } from '../ui/cn';
import { EmptyState } from '../ui/states';
import { RelativeTime } from '../ui/time';

type DeliveryPage = Awaited<ReturnType<typeof listDeliveryRows>>;

export function OverviewView({ tenantId, initial, initialStats, initialFailures }: { tenantId: string; initial: TenantOverview; initialStats: HourlyPoint[]; initialFailures: DeliveryPage }) {
  const { data: o } = useQuery({
    queryKey: ['overview', tenantId],
    queryFn: ({ signal }) => fetchJson<TenantOverview>(tenantApi(tenantId, '/overview'), { signal }),
    initialData: initial,
    refetchInterval: 10_000,
  });
  const failuresQs = 'status=failed&limit=5';
  const { data: failures } = useQuery({
    queryKey: ['deliveries', tenantId, failuresQs],
    queryFn: ({ signal }) => fetchJson<DeliveryPage>(tenantApi(tenantId, `/deliveries?${failuresQs}`), { signal }),
    initialData: initialFailures,
    refetchInterval: 10_000,
  });
  const d = o.deliveries24h;
  const rate = o.successRate24h;
  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Tile label="Deliveries (24 h)" value={d.total.toLocaleString('en')} href={`/t/${tenantId}/deliveries?range=24h`} />
        <Tile label="Success rate (24 h)" value={rate === null ? '—' : `${(rate * 100).toFixed(rate > 0.999 || rate === 0 ? 0 : 1)}%`} tone={rate === null ? undefined : rate >= 0.99 ? 'green' : rate >= 0.9 ? 'amber' : 'red'} />
        <Tile label="Retrying now" value={d.retrying.toLocaleString('en')} tone={d.retrying ? 'amber' : undefined} href={`/t/${tenantId}/deliveries?status=retrying`} />
        <Tile label="Failed (24 h)" value={d.failed.toLocaleString('en')} tone={d.failed ? 'red' : undefined} href={`/t/${tenantId}/deliveries?status=failed&range=24h`} />
      </div>

      <HourlyChart tenantId={tenantId} initial={initialStats} />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
        <Card className="overflow-hidden lg:col-span-3">
          <CardHeader title="Recent failures" description="Deliveries that gave up. Open one to see why, then retry." actions={<ButtonLink size="sm" href={`/t/${tenantId}/deliveries?status=failed`}>View all</ButtonLink>} />
          {failures.data.length === 0 ? <EmptyState title="No failed deliveries" description="Everything sent recently was delivered or is still being retried." /> : <DeliveriesTable tenantId={tenantId} rows={failures.data} compact />}
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader title="Endpoints" description={`${o.endpointCount} registered`} actions={<ButtonLink size="sm" href={`/t/${tenantId}/endpoints`}>Manage</ButtonLink>} />
          {o.attention.length === 0 ? (
            <EmptyState title={o.endpointCount ? 'All endpoints healthy' : 'No endpoints yet'} description={o.endpointCount ? 'None is disabled or failing.' : 'Add one on the Endpoints page.'} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {o.attention.map((e) => (
                <li key={e.id} className="px-5 py-3">
                  <div className="flex items-center gap-2">
                    <Link href={`/t/${tenantId}/endpoints/${e.id}`} className="min-w-0 flex-1 truncate font-mono text-xs text-slate-900 hover:text-indigo-600">{e.url}</Link>
                    <HealthBadge kind={endpointHealthKind({ disabled: e.disabledAt !== null, circuitState: e.circuitState, failingSince: e.failingSince })} />
                  </div>
                  <p className="mt-1 text-xs text-slate-500">
                    {e.disabledAt ? (
                      e.disabledReason
                    ) : e.circuitState === 'open' ? (
                      <>Deliveries held · <NextProbe iso={e.nextProbeAt} /></>
                    ) : e.circuitState === 'half_open' ? (
                      'Deliveries held · a probe attempt is in flight'
                    ) : (
                      <>Failing since <RelativeTime iso={e.failingSince} /></>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function Tile({ label, value, tone, href }: { label: string; value: string; tone?: 'green' | 'amber' | 'red'; href?: string }) {
  const body = (
    <>
      <p className="text-xs text-slate-500">{label}</p>
      <p className={cn('mt-1 text-2xl font-semibold tracking-tight tabular-nums', tone === 'green' ? 'text-emerald-600' : tone === 'amber' ? 'text-amber-600' : tone === 'red' ? 'text-rose-600' : 'text-slate-900')}>{value}</p>
    </>
  );
  const cls = 'block rounded-lg border border-slate-200 bg-white px-4 py-3.5 shadow-xs';
  return href ? (
    <Link href={href} className={cn(cls, 'hover:border-slate-300 focus-visible:outline-2 focus-visible:outline-indigo-600')}>{body}</Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}
