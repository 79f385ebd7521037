'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { EndpointDetail } from '@/lib/dashboard/get-endpoint-detail';
import type { HourlyPoint } from '@/lib/dashboard/hourly-stats';
import type { listDeliveryRows } from '@/lib/dashboard/list-delivery-rows';
import { can, type TenantRole } from '@/lib/session/permissions';
import { HourlyChart } from '../charts/hourly-chart';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { DeliveriesTable } from '../deliveries/deliveries-table';
import { Button, ButtonLink } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { DescriptionList } from '../ui/description-list';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState } from '../ui/states';
import { AbsoluteTime, RelativeTime } from '../ui/time';
import { EndpointForm } from './endpoint-form';
import { EventTypeList, HealthBadge, healthKind, LastStatus, NextProbe, SuccessRate, type HealthFields } from './health';
import { EndpointOperationalEvents } from './operational-events';
import { RecoverForm } from './recover-form';
import { SecretPanel } from './secret-panel';
import { TestEventResult } from './test-event-result';

type DeliveryPage = Awaited<ReturnType<typeof listDeliveryRows>>;

type Props = { tenantId: string; role: TenantRole; initial: EndpointDetail; initialDeliveries: DeliveryPage; initialStats: HourlyPoint[] };

export function EndpointView({ tenantId, role, initial, initialDeliveries, initialStats }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const key = ['endpoint', tenantId, initial.id];
  const { data: e } = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchJson<EndpointDetail>(tenantApi(tenantId, `/endpoints/${initial.id}`), { signal }),
    initialData: initial,
    refetchInterval: 10_000,
  });
  const recentQs = `endpointId=${e.id}&limit=10`;
  const recent = useQuery({
    queryKey: ['deliveries', tenantId, recentQs],
    queryFn: ({ signal }) => fetchJson<DeliveryPage>(tenantApi(tenantId, `/deliveries?${recentQs}`), { signal }),
    initialData: initialDeliveries,
    refetchInterval: 3_000,
  });
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const admin = can(role, 'endpoints.write');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: ['endpoints', tenantId] });
  };

  const toggle = useMutation({
    mutationFn: (disabled: boolean) => fetchJson(tenantApi(tenantId, `/endpoints/${e.id}`), { method: 'PATCH', body: { disabled } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => fetchJson(tenantApi(tenantId, `/endpoints/${e.id}`), { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['endpoints', tenantId] });
      router.push(`/t/${tenantId}/endpoints`);
    },
  });
  const test = useMutation({
    mutationFn: () => fetchJson<{ eventId: string; deliveryId: string }>(tenantApi(tenantId, `/endpoints/${e.id}/test`), { method: 'POST', body: {} }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['deliveries', tenantId] }),
  });
  const actionError = toggle.error ?? remove.error ?? test.error;
  const kind = healthKind(e);

  return (
    <>
      <PageHeader
        eyebrow={
          <nav aria-label="Breadcrumb" className="flex items-center gap-1.5">
            <Link href={`/t/${tenantId}/endpoints`} className="hover:text-slate-900">Endpoints</Link>
            <span aria-hidden="true">/</span>
            <span className="font-mono text-xs">{e.id}</span>
          </nav>
        }
        title={
          <span className="flex items-center gap-3">
            <span className="truncate font-mono text-lg" data-testid="endpoint-url">{e.url}</span>
            <HealthBadge kind={kind} />
          </span>
        }
        description={e.description || undefined}
        actions={
          admin && (
            <>
              <Button variant="primary" onClick={() => test.mutate()} loading={test.isPending} disabled={e.disabled}>Send test event</Button>
              <Button onClick={() => toggle.mutate(!e.disabled)} loading={toggle.isPending}>{e.disabled ? 'Enable' : 'Disable'}</Button>
              <Button variant="danger" onClick={() => setConfirmDelete(true)} disabled={confirmDelete}>Delete</Button>
            </>
          )
        }
      />
      <div className="space-y-6">
        {confirmDelete && (
          <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-rose-200 bg-rose-50 px-4 py-3" role="alertdialog" aria-labelledby="confirm-delete-title">
            <p id="confirm-delete-title" className="text-sm text-rose-900">
              Delete this endpoint with its secrets and its whole delivery history? This cannot be undone.
            </p>
            <div className="flex gap-2">
              <Button size="sm" onClick={() => setConfirmDelete(false)} autoFocus>Keep it</Button>
              <Button size="sm" variant="danger" className="bg-rose-600 text-white ring-rose-600 hover:bg-rose-500" onClick={() => remove.mutate()} loading={remove.isPending}>
                Delete endpoint
              </Button>
            </div>
          </div>
        )}
        {actionError && <Alert title="That did not work">{actionError.message}</Alert>}
        {e.disabled && (
          <Alert tone="amber" title="This endpoint is disabled">
            <span data-testid="disabled-reason">{e.disabledReason ?? 'Disabled'}</span> · <AbsoluteTime iso={e.disabledAt} />. No events are sent to it until it is enabled
            {admin ? '.' : ' by an admin.'}
          </Alert>
        )}
        {kind === 'circuit_open' && (
          <Alert tone="amber" title="Circuit open: deliveries to this endpoint are held">
            {failuresInARow(e.circuit.consecutiveFailures)}, so nothing is sent until a single probe attempt gets through (<NextProbe iso={e.circuit.nextProbeAt} />). A
            success closes the circuit and sends the held deliveries at once; a failure doubles the wait.
          </Alert>
        )}
        {kind === 'probing' && (
          <Alert tone="blue" title="Probing: one attempt is testing this endpoint">
            The other deliveries wait for its answer. A success closes the circuit and sends them; a failure opens it again.
          </Alert>
        )}
        {test.data && <TestEventResult tenantId={tenantId} deliveryId={test.data.deliveryId} />}

        <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <Stat label="Success rate (24 h)"><SuccessRate health={e.health} /></Stat>
          <Stat label="Attempts (24 h)"><span className="text-lg font-semibold text-slate-900 tabular-nums">{e.health?.attempts ?? 0}</span></Stat>
          <Stat label="Last response"><LastStatus health={e.health} /></Stat>
          <Stat label="Created"><RelativeTime iso={e.createdAt} className="text-sm text-slate-700" /></Stat>
        </div>

        <HourlyChart tenantId={tenantId} endpointId={e.id} initial={initialStats} />

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
          <div className="space-y-6 lg:col-span-3">
            <Card className="overflow-hidden">
              <CardHeader title="Recent deliveries" actions={<ButtonLink size="sm" href={`/t/${tenantId}/deliveries?endpointId=${e.id}`}>View all</ButtonLink>} />
              {recent.data.data.length === 0 ? (
                <EmptyState title="Nothing delivered yet" description={admin ? 'Send a test event to see a delivery here.' : 'Deliveries appear here as events arrive.'} />
              ) : (
                <DeliveriesTable tenantId={tenantId} rows={recent.data.data} showEndpoint={false} />
              )}
            </Card>
            <EndpointOperationalEvents events={e.operationalEvents} />
            <Card>
              <CardHeader title="Settings" actions={admin && !editing && <Button size="sm" onClick={() => setEditing(true)}>Edit</Button>} />
              <CardBody>
                {editing ? (
                  <EndpointForm tenantId={tenantId} endpoint={e} onSaved={() => { setEditing(false); refresh(); }} onCancel={() => setEditing(false)} />
                ) : (
                  <DescriptionList
                    items={[
                      ['URL', <span key="u" className="font-mono text-xs break-all">{e.url}</span>],
                      ['Description', e.description || <span key="d" className="text-slate-400">—</span>],
                      ['Event types', <EventTypeList key="t" types={e.eventTypes} />],
                      ['Rate limit', <span key="r" data-testid="endpoint-rate-limit">{rateLimitLabel(e.rateLimitPerSecond)}</span>],
                      ['Ordered', <span key="o" data-testid="endpoint-ordered">{e.ordered ? 'Yes' : 'No'}</span>],
                      ['Signatures', <span key="s" data-testid="endpoint-signature-scheme">{e.signatureScheme === 'ed25519' ? 'Ed25519 (v1a, public key)' : 'HMAC-SHA256 (v1, shared secret)'}</span>],
                      ['Endpoint ID', <span key="i" className="font-mono text-xs">{e.id}</span>],
                      ['Last changed', <AbsoluteTime key="c" iso={e.updatedAt} />],
                    ]}
                  />
                )}
              </CardBody>
            </Card>
          </div>
          <div className="space-y-6 lg:col-span-2">
            <HealthCard endpoint={e} />
            <SecretPanel tenantId={tenantId} endpointId={e.id} role={role} versions={e.secrets} scheme={e.signatureScheme} />
            {can(role, 'endpoints.recover') && <RecoverForm tenantId={tenantId} endpointId={e.id} disabled={e.disabled} />}
          </div>
        </div>
      </div>
    </>
  );
}

// A fixed locale, so the server and the browser print the same text (hydration).
function rateLimitLabel(perSecond: number | null): string {
  return perSecond === null ? 'Unlimited' : `${perSecond.toLocaleString('en')}/s`;
}

const failuresInARow = (n: number) => `${n.toLocaleString('en')} failed ${n === 1 ? 'attempt' : 'attempts'} in a row`;

/** The breaker and the failure clock in full, as the workers keep them. */
function HealthCard({ endpoint: e }: { endpoint: HealthFields }) {
  const kind = healthKind(e);
  const circuit = e.circuit.state === 'closed' ? 'Closed' : e.circuit.state === 'open' ? 'Open' : 'Half-open (probing)';
  return (
    <Card aria-labelledby="endpoint-health-title" data-testid="health-card">
      <CardHeader id="endpoint-health-title" title="Health" actions={<HealthBadge kind={kind} />} />
      <CardBody>
        <DescriptionList
          items={[
            ['Failing since', e.failingSince ? <span key="f"><AbsoluteTime iso={e.failingSince} className="block" /><RelativeTime iso={e.failingSince} className="block text-xs text-slate-500" /></span> : <span key="f" className="text-slate-400">No failure since the last success</span>],
            ['Failed in a row', <span key="n" className="tabular-nums" data-testid="consecutive-failures">{e.circuit.consecutiveFailures.toLocaleString('en')}</span>],
            ['Circuit', <span key="c" data-testid="circuit-state">{circuit}{e.circuit.openedAt && <span className="block text-xs text-slate-500">since <AbsoluteTime iso={e.circuit.openedAt} /></span>}</span>],
            ...(kind === 'circuit_open'
              ? [['Next probe', <span key="p" data-testid="next-probe"><AbsoluteTime iso={e.circuit.nextProbeAt} className="block" /><NextProbe iso={e.circuit.nextProbeAt} className="block text-xs text-slate-500" short /></span>] as [string, React.ReactNode]]
              : []),
            ...(e.disabled
              ? [['Disabled', <span key="d">{e.disabledReason ?? 'no reason given'} · <AbsoluteTime iso={e.disabledAt} /></span>] as [string, React.ReactNode]]
              : []),
          ]}
        />
      </CardBody>
    </Card>
  );
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <p className="text-xs text-slate-500">{label}</p>
      <div className="mt-1.5 flex min-h-7 items-center">{children}</div>
    </div>
  );
}
