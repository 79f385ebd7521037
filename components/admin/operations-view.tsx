'use client';
// The operator's Operations page: the queue, deliveries, attempt throughput, errors and
// latency, the synthetic canary, the workers, the endpoints needing attention and recent
// operational events, across every tenant. One poll every 5 s keeps all of it live
// (lib/operations/operations-snapshot.ts).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { endpointHealthKind } from '@/lib/dashboard/endpoint-health-state';
import type { ErrorRate } from '@/lib/operations/attempt-throughput';
import type { OperationsSnapshot } from '@/lib/operations/operations-snapshot';
import { ThroughputChart } from '../charts/throughput-chart';
import { fetchJson } from '../data/fetch-json';
import { LiveIndicator } from '../deliveries/live-indicator';
import { HealthBadge, NextProbe } from '../endpoints/health';
import { OperationalEventBadge } from '../endpoints/operational-events';
import { Badge } from '../ui/badge';
import { Card, CardHeader } from '../ui/card';
import { cn } from '../ui/cn';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState } from '../ui/states';
import { RelativeTime } from '../ui/time';
import { CanaryCard } from './canary-card';
import { formatAge } from './format';
import { LatencyChart } from './latency-chart';

type Tone = 'green' | 'amber' | 'red';

export function OperationsView({ initial }: { initial: OperationsSnapshot }) {
  const query = useQuery({
    queryKey: ['admin', 'operations'],
    queryFn: ({ signal }) => fetchJson<OperationsSnapshot>('/api/dashboard/admin/operations', { signal }),
    initialData: initial,
    refetchInterval: 5_000,
  });
  const { queue, deliveries, throughput, topErrors, workers, attention, operationalEvents, canary } = query.data;
  const live = workers.rows.filter((w) => !w.stale).length;
  const attempts1h = throughput.last1h.attempts;

  return (
    <>
      <PageHeader
        title="Operations"
        description="The queue, throughput, latency, the canary and the workers of this installation, across every tenant."
        actions={<LiveIndicator updatedAt={query.dataUpdatedAt} fetching={query.isFetching} error={query.isError} />}
      />
      <div className="space-y-6">
        {live === 0 && queue.ready + queue.scheduled > 0 && (
          <Alert tone="amber" title="No live worker">
            Jobs are waiting but no worker holds a live lease. Start one with <code className="font-mono text-xs">hookline worker</code>.
          </Alert>
        )}

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Card className="overflow-hidden" aria-labelledby="ops-queue" data-testid="queue-stats">
            <CardHeader id="ops-queue" title="Queue" description={queue.oldestReadyAgeMs === null ? 'No job is waiting for a worker.' : <>Oldest ready job due {formatAge(queue.oldestReadyAgeMs)} ago</>} />
            <StatGrid>
              <Stat label="Ready now" testId="queue-ready" value={queue.ready} tone={queue.oldestReadyAgeMs !== null && queue.oldestReadyAgeMs > 60_000 ? 'amber' : undefined} hint="due, waiting for a free worker" />
              <Stat label="Scheduled" testId="queue-scheduled" value={queue.scheduled} hint="due later: retries and waits" />
              <Stat label="In flight" testId="queue-locked" value={queue.locked} hint="locked by a worker right now" />
              <Stat label="Exhausted" testId="queue-exhausted" value={queue.exhausted} tone={queue.exhausted ? 'red' : undefined} hint="graphile-worker gave up on them" />
            </StatGrid>
          </Card>
          <Card className="overflow-hidden" aria-labelledby="ops-deliveries" data-testid="delivery-stats">
            <CardHeader id="ops-deliveries" title="Deliveries" description={deliveries.oldestActiveAgeMs === null ? 'Nothing pending or retrying.' : <>Oldest pending or retrying: {formatAge(deliveries.oldestActiveAgeMs)} old</>} />
            <StatGrid>
              <Stat label="Pending" testId="deliveries-pending" value={deliveries.pending} hint="first attempt still to come" />
              <Stat label="Retrying" testId="deliveries-retrying" value={deliveries.retrying} tone={deliveries.retrying ? 'amber' : undefined} hint="failed, will be tried again" />
              <Stat label="Succeeded (24 h)" testId="deliveries-succeeded" value={deliveries.succeeded24h} tone={deliveries.succeeded24h ? 'green' : undefined} hint="created in the last 24 hours" />
              <Stat label="Failed (24 h)" testId="deliveries-failed" value={deliveries.failed24h} tone={deliveries.failed24h ? 'red' : undefined} hint="out of attempts or age, gave up" />
            </StatGrid>
          </Card>
        </div>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2" aria-labelledby="ops-throughput">
            <CardHeader
              id="ops-throughput"
              title="Attempts per minute"
              description={`Last 60 minutes · ${attempts1h.toLocaleString('en')} ${attempts1h === 1 ? 'attempt' : 'attempts'}, ${throughput.last1h.failed.toLocaleString('en')} failed`}
            />
            <ThroughputChart data={throughput.perMinute} />
          </Card>
          <Card aria-labelledby="ops-errors" data-testid="error-rates">
            <CardHeader id="ops-errors" title="Error rate" description="Failed attempts, of all attempts made" />
            <div className="grid grid-cols-2 divide-x divide-slate-100 border-b border-slate-100">
              <RateStat label="Last 5 minutes" testId="error-rate-5m" rate={throughput.last5m} />
              <RateStat label="Last hour" testId="error-rate-1h" rate={throughput.last1h} />
            </div>
            <div className="px-5 pt-3.5 pb-1">
              <h3 className="text-xs font-medium text-slate-500">Top errors, last hour</h3>
            </div>
            {topErrors.length === 0 ? (
              <p className="px-5 pb-4 text-sm text-slate-400">No failed attempts.</p>
            ) : (
              <ul className="px-5 pb-3" data-testid="top-errors">
                {topErrors.map((e) => {
                  const share = throughput.last1h.failed ? e.count / throughput.last1h.failed : 0;
                  return (
                    <li key={`${e.errorClass}:${e.statusCode ?? ''}`} className="py-1.5">
                      <div className="flex items-baseline justify-between gap-3 text-sm">
                        <span className="truncate text-slate-800">{errorLabel(e.errorClass, e.statusCode)}</span>
                        <span className="shrink-0 text-slate-500 tabular-nums">{e.count.toLocaleString('en')}</span>
                      </div>
                      <div className="mt-1 h-1 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                        <div className="h-full rounded-full bg-rose-400" style={{ width: `${Math.max(2, share * 100)}%` }} />
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
        </div>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <Card className="flex flex-col lg:col-span-2" aria-labelledby="ops-latency">
            <CardHeader id="ops-latency" title="Latency" description="Per minute, last 60 minutes · attempt durations, and the canary from accepted to received" />
            <div className="flex-1">
              <LatencyChart attempts={throughput.perMinute} canary={canary.perMinute} />
            </div>
          </Card>
          <CanaryCard canary={canary} />
        </div>

        <Card className="overflow-hidden" aria-labelledby="ops-workers">
          <CardHeader
            id="ops-workers"
            title="Workers"
            description={`${live} live${workers.rows.length > live ? `, ${workers.rows.length - live} stale` : ''} · one silent for ${formatAge(workers.leaseTtlMs)} (LEASE_TTL) is stale, and a live one frees its jobs`}
          />
          {workers.rows.length === 0 ? (
            <EmptyState title="No workers running" description={<>Nothing is delivering. Start one with <code className="font-mono text-xs">hookline worker</code>, on any host that reaches the database.</>} />
          ) : (
            <table className="w-full text-left text-sm" data-testid="workers-table">
              <thead className="border-b border-slate-200 bg-slate-50/60 text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">Worker</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Host</th>
                  <th scope="col" className="px-3 py-2.5 text-right font-medium">PID</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Started</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Last heartbeat</th>
                  <th scope="col" className="px-3 py-2.5 text-right font-medium">Jobs held</th>
                  <th scope="col" className="py-2.5 pr-5 pl-3 font-medium">State</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {workers.rows.map((w) => (
                  <tr key={w.workerId}>
                    <td className="py-3 pr-3 pl-5 font-mono text-xs text-slate-900">{w.workerId}</td>
                    <td className="px-3 py-3 text-slate-700">{w.hostname}</td>
                    <td className="px-3 py-3 text-right text-slate-700 tabular-nums">{w.pid}</td>
                    <td className="px-3 py-3 text-slate-500"><RelativeTime iso={w.startedAt} /></td>
                    <td className="px-3 py-3 text-slate-500" title={w.heartbeatAt}>{formatAge(w.heartbeatAgeMs)} ago</td>
                    <td className="px-3 py-3 text-right text-slate-700 tabular-nums">{w.lockedJobs.toLocaleString('en')}</td>
                    <td className="py-3 pr-5 pl-3">{w.stale ? <Badge tone="amber" dot>Stale</Badge> : <Badge tone="green" dot>Live</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <Card className="overflow-hidden" aria-labelledby="ops-attention">
          <CardHeader id="ops-attention" title="Endpoints needing attention" description={`${attention.disabled} disabled · ${attention.circuitOpen} circuit open · ${attention.failing} failing, across all tenants`} />
          {attention.rows.length === 0 ? (
            <EmptyState title="All endpoints healthy" description="No endpoint is disabled, held by its circuit breaker or failing." />
          ) : (
            <table className="w-full table-fixed text-left text-sm" data-testid="attention-table">
              <thead className="border-b border-slate-200 bg-slate-50/60 text-xs text-slate-500">
                <tr>
                  <th scope="col" className="w-[38%] py-2.5 pr-3 pl-5 font-medium">Endpoint</th>
                  <th scope="col" className="w-[16%] px-3 py-2.5 font-medium">Tenant</th>
                  <th scope="col" className="w-[12%] px-3 py-2.5 font-medium">Health</th>
                  <th scope="col" className="py-2.5 pr-5 pl-3 font-medium">Why</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {attention.rows.map((e) => (
                  <tr key={e.id} className="hover:bg-slate-50">
                    <td className="py-3 pr-3 pl-5">
                      <Link href={`/t/${e.tenantId}/endpoints/${e.id}`} className="block truncate font-mono text-xs text-slate-900 hover:text-indigo-600" title={e.url}>{e.url}</Link>
                    </td>
                    <td className="truncate px-3 py-3">
                      <Link href={`/admin/tenants/${e.tenantId}`} className="text-slate-700 hover:text-indigo-600">{e.tenantName}</Link>
                    </td>
                    <td className="px-3 py-3">
                      <HealthBadge kind={endpointHealthKind({ disabled: e.disabledAt !== null, circuitState: e.circuitState, failingSince: e.failingSince })} />
                    </td>
                    <td className="py-3 pr-5 pl-3 text-slate-500">
                      {e.disabledAt ? (
                        <>{e.disabledReason ?? 'disabled'} · <RelativeTime iso={e.disabledAt} /></>
                      ) : e.circuitState === 'open' ? (
                        <>{inARow(e.consecutiveFailures)}, deliveries held · <NextProbe iso={e.nextProbeAt} /></>
                      ) : e.circuitState === 'half_open' ? (
                        <>{inARow(e.consecutiveFailures)}, deliveries held · a probe attempt is in flight</>
                      ) : (
                        <>No success since <RelativeTime iso={e.failingSince} /></>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <Card className="overflow-hidden" aria-labelledby="ops-events">
          <CardHeader id="ops-events" title="Recent operational events" description="What Hookline did to endpoints on its own, across all tenants: the latest 50, newest first" />
          {operationalEvents.length === 0 ? (
            <EmptyState title="No operational events" description="Endpoints disabled after failing, and circuits opening or closing, are recorded here." />
          ) : (
            <table className="w-full table-fixed text-left text-sm" data-testid="operational-events-table">
              <thead className="border-b border-slate-200 bg-slate-50/60 text-xs text-slate-500">
                <tr>
                  <th scope="col" className="w-[13%] py-2.5 pr-3 pl-5 font-medium">When</th>
                  <th scope="col" className="w-[13%] px-3 py-2.5 font-medium">Tenant</th>
                  <th scope="col" className="w-[22%] px-3 py-2.5 font-medium">Endpoint</th>
                  <th scope="col" className="w-[13%] px-3 py-2.5 font-medium">Event</th>
                  <th scope="col" className="py-2.5 pr-5 pl-3 font-medium">What happened</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {operationalEvents.map((event) => (
                  <tr key={event.id} className="align-top hover:bg-slate-50">
                    <td className="py-3 pr-3 pl-5 whitespace-nowrap text-slate-500"><RelativeTime iso={event.createdAt} /></td>
                    <td className="truncate px-3 py-3">
                      <Link href={`/admin/tenants/${event.tenantId}`} className="text-slate-700 hover:text-indigo-600">{event.tenantName}</Link>
                    </td>
                    <td className="px-3 py-3">
                      {event.endpointId && event.endpointUrl ? (
                        <Link href={`/t/${event.tenantId}/endpoints/${event.endpointId}`} className="block truncate font-mono text-xs text-slate-900 hover:text-indigo-600" title={event.endpointUrl}>{event.endpointUrl}</Link>
                      ) : (
                        <span className="block truncate font-mono text-xs text-slate-400" title="the endpoint was deleted">{event.endpointId ?? '—'}</span>
                      )}
                    </td>
                    <td className="px-3 py-3"><OperationalEventBadge type={event.type} /></td>
                    <td className="py-3 pr-5 pl-3 break-words text-slate-700">{event.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}

const inARow = (n: number) => `${n.toLocaleString('en')} failed in a row`;

// 2 × 2 with hairlines between the cells (the gap shows the grid's background).
function StatGrid({ children }: { children: React.ReactNode }) {
  return <dl className="grid grid-cols-2 gap-px bg-slate-100">{children}</dl>;
}

function Stat({ label, value, tone, hint, testId }: { label: string; value: number; tone?: Tone; hint?: string; testId: string }) {
  return (
    <div className="bg-white px-5 py-4">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={cn('mt-1 text-2xl font-semibold tracking-tight tabular-nums', toneClass(tone))} data-testid={testId}>{value.toLocaleString('en')}</dd>
      {hint && <dd className="mt-0.5 text-xs text-slate-400">{hint}</dd>}
    </div>
  );
}

function RateStat({ label, rate, testId }: { label: string; rate: ErrorRate; testId: string }) {
  const tone: Tone | undefined = rate.rate === null ? undefined : rate.rate <= 0.01 ? 'green' : rate.rate <= 0.1 ? 'amber' : 'red';
  return (
    <div className="px-5 py-4">
      <p className="text-xs text-slate-500">{label}</p>
      <p className={cn('mt-1 text-2xl font-semibold tracking-tight tabular-nums', toneClass(tone))} data-testid={testId}>{formatRate(rate.rate)}</p>
      <p className="mt-0.5 text-xs text-slate-400 tabular-nums">
        {rate.failed.toLocaleString('en')} of {rate.attempts.toLocaleString('en')} {rate.attempts === 1 ? 'attempt' : 'attempts'}
      </p>
    </div>
  );
}

const toneClass = (tone?: Tone) => (tone === 'green' ? 'text-emerald-600' : tone === 'amber' ? 'text-amber-600' : tone === 'red' ? 'text-rose-600' : 'text-slate-900');

function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const pct = rate * 100;
  return `${pct === 0 || pct === 100 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** 'http_status' with 503 → "HTTP 503"; 'connection_refused' → "connection refused". */
function errorLabel(errorClass: string, statusCode: number | null): string {
  if (errorClass === 'http_status') return statusCode === null ? 'HTTP error' : `HTTP ${statusCode}`;
  return errorClass.replaceAll('_', ' ');
}
