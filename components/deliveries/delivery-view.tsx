'use client';
// One delivery: what was sent, every attempt and what the consumer answered, and a
// retry button. Polls every second while an attempt is due, so a retry's result appears.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { DeliveryDetail } from '@/lib/dashboard/delivery-detail';
import { can, type TenantRole } from '@/lib/session/permissions';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { Badge, HttpStatus, StatusBadge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { CodeBlock, prettyJson } from '../ui/code-block';
import { CopyButton } from '../ui/copy-button';
import { DescriptionList } from '../ui/description-list';
import { PageHeader } from '../ui/page-header';
import { Alert } from '../ui/states';
import { AbsoluteTime, RelativeTime } from '../ui/time';
import { AttemptTimeline } from './attempt-timeline';
import { PurgedNotice } from './purged-notice';

// An attempt is due (queued or running) when the next one is scheduled for now or earlier.
function attemptDue(d: DeliveryDetail, now: number): boolean {
  return d.nextAttemptAt !== null && new Date(d.nextAttemptAt).getTime() <= now + 1_000;
}

export function DeliveryView({ tenantId, role, initial }: { tenantId: string; role: TenantRole; initial: DeliveryDetail }) {
  const queryClient = useQueryClient();
  const key = ['delivery', tenantId, initial.id];
  const [now, setNow] = useState(() => Date.now());
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchJson<DeliveryDetail>(tenantApi(tenantId, `/deliveries/${initial.id}`), { signal }),
    initialData: initial,
    refetchInterval: (q) => {
      const d = q.state.data;
      return d && (attemptDue(d, Date.now()) || d.status === 'pending') ? 1_000 : 5_000;
    },
  });
  const d = query.data;
  useEffect(() => setNow(Date.now()), [query.dataUpdatedAt]);

  const retry = useMutation({
    mutationFn: () => fetchJson<{ nextAttemptAt: string | null }>(tenantApi(tenantId, `/deliveries/${d.id}/retry`), { method: 'POST', body: {} }),
    onSuccess: (summary) => {
      // Mark the attempt as due at once so the button stays disabled until it is recorded.
      queryClient.setQueryData<DeliveryDetail>(key, (old) => old && { ...old, nextAttemptAt: summary.nextAttemptAt ?? new Date().toISOString() });
      setNow(Date.now());
      void queryClient.invalidateQueries({ queryKey: ['deliveries', tenantId] });
    },
  });
  const due = attemptDue(d, now);
  const lastAttempt = d.attempts[d.attempts.length - 1];
  const purgedAt = d.event.payloadPurgedAt;

  return (
    <>
      <PageHeader
        eyebrow={
          <nav aria-label="Breadcrumb" className="flex items-center gap-1.5">
            <Link href={`/t/${tenantId}/deliveries`} className="hover:text-slate-900">Deliveries</Link>
            <span aria-hidden="true">/</span>
            <span className="font-mono text-xs">{d.id}</span>
          </nav>
        }
        title={
          <span className="flex items-center gap-3">
            {d.event.type}
            <StatusBadge status={d.status} />
          </span>
        }
        description={
          <span>
            To <Link href={`/t/${tenantId}/endpoints/${d.endpoint.id}`} className="font-mono text-xs text-slate-700 hover:text-indigo-600">{d.endpoint.url}</Link>
          </span>
        }
        actions={
          can(role, 'deliveries.retry') && (
            <Button variant="primary" onClick={() => retry.mutate()} loading={retry.isPending} disabled={due || Boolean(d.endpoint.disabledAt) || Boolean(purgedAt)} title={d.endpoint.disabledAt ? 'Enable the endpoint to retry' : purgedAt ? 'The payload was removed: nothing left to send' : undefined}>
              {due ? 'Attempt in progress…' : 'Retry now'}
            </Button>
          )
        }
      />
      <div className="space-y-6">
        {retry.isError && <Alert title="Retry failed">{retry.error.message}</Alert>}
        {d.endpoint.disabledAt && (
          <Alert tone="amber" title="The endpoint is disabled">
            {d.endpoint.disabledReason ?? 'Disabled'} (<RelativeTime iso={d.endpoint.disabledAt} />). Enable it on the endpoint page to retry.
          </Alert>
        )}
        <Card>
          <CardBody>
            <DescriptionList
              items={[
                ['Event ID', <span key="e" className="flex items-center gap-2"><span className="font-mono text-xs">{d.eventId}</span><CopyButton value={d.eventId} label="Copy event id" /></span>],
                ['Created', <AbsoluteTime key="c" iso={d.createdAt} />],
                ['Attempts', <span key="a" className="tabular-nums">{d.attemptCount}</span>],
                ['Last response', lastAttempt ? <HttpStatus key="l" code={lastAttempt.statusCode} errorClass={lastAttempt.errorClass} /> : <span key="l" className="text-slate-400">No attempt yet</span>],
                [
                  'Next attempt',
                  d.nextAttemptAt ? (
                    <span key="n" data-testid="next-attempt">
                      {due ? 'now' : <RelativeTime iso={d.nextAttemptAt} />} <span className="text-slate-400">·</span> <AbsoluteTime iso={d.nextAttemptAt} className="text-slate-500" />
                    </span>
                  ) : (
                    <span key="n" className="text-slate-400">{d.status === 'succeeded' ? 'None — delivered' : d.status === 'failed' ? 'None — gave up' : '—'}</span>
                  ),
                ],
              ]}
            />
          </CardBody>
        </Card>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
          <div className="lg:col-span-3">
            <Card>
              <CardHeader title="Attempts" description="Newest first. Open one to see what was sent and what the endpoint answered." actions={<Badge tone="gray">{d.attempts.length}</Badge>} />
              <AttemptTimeline attempts={d.attempts} pending={due} retentionPeriodMs={d.retentionPeriodMs} />
            </Card>
          </div>
          <div className="space-y-6 lg:col-span-2">
            <Card>
              <CardHeader title="Payload" description="The exact body every attempt sends and signs." />
              <CardBody>
                {purgedAt ? (
                  <PurgedNotice what="Payload" purgedAt={purgedAt} periodMs={d.retentionPeriodMs} testId="payload-purged" />
                ) : (
                  <CodeBlock text={prettyJson(d.event.body)} label="payload" testId="payload" />
                )}
              </CardBody>
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}
