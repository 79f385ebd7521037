'use client';
// The synthetic canary on the Operations page (lib/canary): whether an event sent
// through the whole path arrives, how long it took, and its latest runs, oldest to
// newest, as a strip of bars (height: latency; red: failed; grey: in flight).
import { endpointHealthKind } from '@/lib/dashboard/endpoint-health-state';
import type { CanaryRunRow, CanarySummary } from '@/lib/operations/canary-summary';
import { HealthBadge } from '../endpoints/health';
import { Badge, type Tone } from '../ui/badge';
import { Card, CardHeader } from '../ui/card';
import { cn } from '../ui/cn';
import { RelativeTime } from '../ui/time';
import { formatInterval, formatLatency } from './format';

const STATUS: Record<CanarySummary['health']['status'], { tone: Tone; label: string }> = {
  ok: { tone: 'green', label: 'Passing' },
  failing: { tone: 'red', label: 'Failing' },
  unknown: { tone: 'gray', label: 'No result yet' },
};

export function CanaryCard({ canary }: { canary: CanarySummary }) {
  const { health, lastHour, recent, endpoint } = canary;
  const status = STATUS[health.status];
  return (
    <Card className="flex flex-col overflow-hidden" aria-labelledby="ops-canary" data-testid="canary-card">
      <CardHeader
        id="ops-canary"
        title="Canary"
        description={`An event through the whole path every ${formatInterval(canary.intervalMs)}`}
        actions={
          <Badge tone={status.tone} dot>
            <span data-testid="canary-status">{status.label}</span>
          </Badge>
        }
      />
      {health.reason && (
        <p className={cn('border-b px-5 py-2.5 text-sm', health.status === 'failing' ? 'border-rose-100 bg-rose-50 text-rose-700' : 'border-slate-100 text-slate-500')} data-testid="canary-reason">
          {health.reason}
        </p>
      )}
      <dl className="grid grid-cols-2 gap-px border-b border-slate-100 bg-slate-100">
        <Cell label="Last success">
          <span data-testid="canary-last-success"><RelativeTime iso={health.lastSuccessAt} /></span>
        </Cell>
        <Cell label="Latency" hint="accepted → received">
          <span data-testid="canary-latency">{formatLatency(health.latencyMs)}</span>
        </Cell>
        <Cell label="p95, last hour">{formatLatency(lastHour.p95Ms)}</Cell>
        <Cell label="Failed, last hour">
          <span className={lastHour.failed ? 'text-rose-600' : undefined}>{lastHour.failed.toLocaleString('en')}</span>
          <span className="text-sm font-normal text-slate-400"> of {lastHour.runs.toLocaleString('en')}</span>
        </Cell>
      </dl>
      <div className="px-5 pt-3 pb-4">
        <h3 className="text-xs font-medium text-slate-500">Latest runs</h3>
        {recent.length === 0 ? (
          <p className="mt-2 text-sm text-slate-400">
            None yet. Workers run it when <code className="font-mono text-xs">CANARY_URL</code> is set to this app’s <code className="font-mono text-xs">/api/canary/receive</code>.
          </p>
        ) : (
          <RunStrip runs={recent} />
        )}
      </div>
      {endpoint && (
        <div className="mt-auto flex items-center justify-between gap-3 border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
          <span className="truncate font-mono" title={endpoint.url}>{endpoint.url}</span>
          <HealthBadge kind={endpointHealthKind(endpoint)} />
        </div>
      )}
    </Card>
  );
}

function Cell({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="bg-white px-5 py-3">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-base font-semibold tracking-tight whitespace-nowrap text-slate-900 tabular-nums">{children}</dd>
      {hint && <dd className="text-[11px] text-slate-400">{hint}</dd>}
    </div>
  );
}

function RunStrip({ runs }: { runs: CanaryRunRow[] }) {
  const oldestFirst = [...runs].reverse();
  const slowest = Math.max(1, ...runs.map((r) => r.latencyMs ?? 0));
  return (
    <ol className="mt-2 flex h-12 items-end gap-0.5" data-testid="canary-runs" aria-label="Latest canary runs, oldest first">
      {oldestFirst.map((run) => {
        const height = run.ok === true ? 20 + 80 * Math.sqrt((run.latencyMs ?? 0) / slowest) : 100;
        const title = run.ok === true ? `received in ${formatLatency(run.latencyMs)}` : run.ok === false ? `failed: ${run.error ?? 'unknown'}` : 'in flight';
        return (
          <li
            key={run.id}
            className={cn('max-w-3 min-w-1 flex-1 rounded-sm', run.ok === true ? 'bg-emerald-400' : run.ok === false ? 'bg-rose-500' : 'bg-slate-200')}
            style={{ height: `${height}%` }}
            title={`${new Date(run.startedAt).toLocaleTimeString('en-GB')}: ${title}`}
            data-state={run.ok === true ? 'ok' : run.ok === false ? 'failed' : 'in-flight'}
          />
        );
      })}
    </ol>
  );
}
