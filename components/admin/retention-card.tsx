'use client';
// Retention on the Operations page: how long payloads are kept (RETENTION_PERIOD) and
// the latest purge runs — when, up to which cutoff, and what each removed.
import { useQuery } from '@tanstack/react-query';
import type { RetentionRuns } from '@/lib/retention/list-retention-runs';
import { formatRetentionPeriod } from '@/lib/retention/format-retention-period';
import { fetchJson } from '../data/fetch-json';
import { Badge } from '../ui/badge';
import { Card, CardHeader } from '../ui/card';
import { EmptyState } from '../ui/states';
import { AbsoluteTime, RelativeTime } from '../ui/time';

export function RetentionCard({ initial }: { initial: RetentionRuns }) {
  const { data } = useQuery({
    queryKey: ['admin', 'retention-runs'],
    queryFn: ({ signal }) => fetchJson<RetentionRuns>('/api/dashboard/admin/retention-runs', { signal }),
    initialData: initial,
    refetchInterval: 30_000,
  });
  const on = data.periodMs !== null;
  return (
    <Card className="overflow-hidden" aria-labelledby="ops-retention" data-testid="retention-card">
      <CardHeader
        id="ops-retention"
        title="Retention"
        description={on ? `Event payloads and response bodies older than ${formatRetentionPeriod(data.periodMs)} are removed every hour; the events, deliveries and attempts stay.` : 'Off (RETENTION_PERIOD=0): payloads are kept forever.'}
        actions={<Badge tone={on ? 'indigo' : 'gray'}>{on ? formatRetentionPeriod(data.periodMs) : 'off'}</Badge>}
      />
      {data.runs.length === 0 ? (
        <EmptyState title="No retention run yet" description={on ? 'Workers run it every hour; hookline purge runs it now.' : undefined} />
      ) : (
        <table className="w-full text-left text-sm" data-testid="retention-runs">
          <thead className="border-b border-slate-200 bg-slate-50/60 text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">Ran</th>
              <th scope="col" className="px-3 py-2.5 font-medium">Removed data from before</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">Payloads removed</th>
              <th scope="col" className="px-3 py-2.5 text-right font-medium">Response bodies removed</th>
              <th scope="col" className="py-2.5 pr-5 pl-3 font-medium">State</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.runs.map((run) => (
              <tr key={run.id}>
                <td className="py-3 pr-3 pl-5 text-slate-700"><RelativeTime iso={run.startedAt} /></td>
                <td className="px-3 py-3 text-slate-500"><AbsoluteTime iso={run.cutoff} /></td>
                <td className="px-3 py-3 text-right tabular-nums" data-testid="retention-events-purged">{run.eventsPurged.toLocaleString('en')}</td>
                <td className="px-3 py-3 text-right tabular-nums">{run.attemptsPurged.toLocaleString('en')}</td>
                <td className="py-3 pr-5 pl-3">{run.finishedAt ? <Badge tone="green">Finished</Badge> : <Badge tone="amber">Running or stopped</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
