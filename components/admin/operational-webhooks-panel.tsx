'use client';
// Operational webhooks on the Operations page: the operator's endpoints that receive
// Hookline's own events (endpoint.disabled, delivery.exhausted, endpoint.recovered),
// with their health, and adding one (docs/operational-webhooks.md).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { EndpointRow } from '@/lib/dashboard/endpoint-rows';
import { fetchJson } from '../data/fetch-json';
import { EndpointHealthSummary, EventTypeList, LastStatus } from '../endpoints/health';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { EmptyState } from '../ui/states';
import { OperationalWebhookActions } from './operational-webhook-actions';
import { OperationalWebhookForm, type CreatedOperationalEndpoint } from './operational-webhook-form';
import { SecretOnce } from './secret-once';

const KEY = ['admin', 'operational-webhooks'];

export function OperationalWebhooksPanel({ initial }: { initial: EndpointRow[] }) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedOperationalEndpoint | null>(null);
  const { data: rows } = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => fetchJson<EndpointRow[]>('/api/dashboard/admin/operational-webhooks', { signal }),
    initialData: initial,
    refetchInterval: 10_000,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: KEY });

  return (
    <Card className="overflow-hidden" aria-labelledby="ops-operational-webhooks" data-testid="operational-webhooks">
      <CardHeader
        id="ops-operational-webhooks"
        title="Operational webhooks"
        description="Hookline’s own events — an endpoint disabled, a delivery that gave up, an endpoint recovered — sent to your endpoints, signed like any webhook."
        actions={!adding && <Button size="sm" variant="primary" onClick={() => { setAdding(true); setCreated(null); }}>Add endpoint</Button>}
      />
      {(adding || created) && (
        <CardBody className="space-y-3 border-b border-slate-100">
          {created && <SecretOnce title={`Added ${created.url}. Its signing secret:`} value={created.secret} note="Verify the webhook-signature header with it (Standard Webhooks). Reveal it again below." testId="operational-webhook-created-secret" />}
          {adding && <OperationalWebhookForm onCancel={() => setAdding(false)} onCreated={(endpoint) => { setCreated(endpoint); setAdding(false); refresh(); }} />}
        </CardBody>
      )}
      {rows.length === 0 ? (
        <EmptyState title="No operational webhook endpoint" description="Add one to hear about disabled endpoints and failed deliveries across every tenant as they happen." />
      ) : (
        <table className="w-full table-fixed text-left text-sm" data-testid="operational-webhooks-table">
          <thead className="border-b border-slate-200 bg-slate-50/60 text-xs text-slate-500">
            <tr>
              <th scope="col" className="w-[30%] py-2.5 pr-3 pl-5 font-medium">Endpoint</th>
              <th scope="col" className="w-[18%] px-3 py-2.5 font-medium">Events</th>
              <th scope="col" className="w-[14%] px-3 py-2.5 font-medium">Health</th>
              <th scope="col" className="w-[12%] px-3 py-2.5 font-medium">Last response</th>
              <th scope="col" className="py-2.5 pr-5 pl-3"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((e) => (
              <tr key={e.id} className="align-top">
                <td className="py-3 pr-3 pl-5">
                  <span className="block truncate font-mono text-xs text-slate-900" title={e.url}>{e.url}</span>
                  {e.description && <p className="mt-0.5 truncate text-xs text-slate-500">{e.description}</p>}
                </td>
                <td className="px-3 py-3"><EventTypeList types={e.eventTypes} /></td>
                <td className="px-3 py-3"><EndpointHealthSummary endpoint={e} /></td>
                <td className="px-3 py-3"><LastStatus health={e.health} /></td>
                <td className="py-3 pr-5 pl-3"><OperationalWebhookActions endpointId={e.id} onDeleted={refresh} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
