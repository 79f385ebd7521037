'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { EndpointRow } from '@/lib/dashboard/endpoint-rows';
import { can, type TenantRole } from '@/lib/session/permissions';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { ButtonLink } from '../ui/button';
import { Card } from '../ui/card';
import { EmptyState, ErrorState } from '../ui/states';
import { EndpointHealthSummary, EventTypeList, LastStatus, SuccessRate } from './health';

export function EndpointsView({ tenantId, role, initial }: { tenantId: string; role: TenantRole; initial: EndpointRow[] }) {
  const router = useRouter();
  const query = useQuery({
    queryKey: ['endpoints', tenantId],
    queryFn: ({ signal }) => fetchJson<EndpointRow[]>(tenantApi(tenantId, '/endpoints'), { signal }),
    initialData: initial,
    refetchInterval: 10_000,
  });
  const rows = query.data;
  if (query.isError && !rows) return <Card><ErrorState error={query.error} onRetry={() => query.refetch()} /></Card>;
  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState
          title="No endpoints yet"
          description={can(role, 'endpoints.write') ? 'Add the URL that should receive this tenant’s webhooks.' : 'An admin of this tenant can add one.'}
          action={can(role, 'endpoints.write') && <ButtonLink variant="primary" href={`/t/${tenantId}/endpoints/new`}>Add endpoint</ButtonLink>}
        />
      </Card>
    );
  }
  return (
    <Card className="overflow-hidden">
      <table className="w-full text-left text-sm" data-testid="endpoints-table">
        <thead className="border-b border-slate-200 bg-slate-50/60 text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">Endpoint</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Health</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Events</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Success (24 h)</th>
            <th scope="col" className="py-2.5 pr-5 pl-3 font-medium">Last response</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((e) => {
            const href = `/t/${tenantId}/endpoints/${e.id}`;
            return (
              <tr key={e.id} className="cursor-pointer hover:bg-slate-50" onClick={() => router.push(href)}>
                <td className="max-w-md py-3 pr-3 pl-5">
                  <Link href={href} onClick={(ev) => ev.stopPropagation()} className="block truncate font-mono text-[13px] text-slate-900 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600" title={e.url}>
                    {e.url}
                  </Link>
                  {e.description && <p className="mt-0.5 truncate text-xs text-slate-500">{e.description}</p>}
                </td>
                <td className="px-3 py-3">
                  <EndpointHealthSummary endpoint={e} />
                </td>
                <td className="max-w-[14rem] px-3 py-3">
                  <EventTypeList types={e.eventTypes} />
                </td>
                <td className="px-3 py-3">
                  <SuccessRate health={e.health} />
                </td>
                <td className="py-3 pr-5 pl-3">
                  <LastStatus health={e.health} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
