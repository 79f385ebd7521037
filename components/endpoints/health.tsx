import type { EndpointHealth } from '@/lib/dashboard/endpoint-health';
import { Badge, HttpStatus } from '../ui/badge';
import { cn } from '../ui/cn';
import { RelativeTime } from '../ui/time';

export function SuccessRate({ health }: { health: EndpointHealth | null }) {
  if (!health || health.successRate === null) return <span className="text-sm text-slate-400">No traffic</span>;
  const pct = health.successRate * 100;
  const color = pct >= 99 ? 'bg-emerald-500' : pct >= 90 ? 'bg-amber-500' : 'bg-rose-500';
  return (
    <div className="flex items-center gap-2" title={`${health.succeeded} of ${health.attempts} attempts succeeded in the last 24 h`}>
      <div className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-100">
        <div className={cn('h-full rounded-full', color)} style={{ width: `${Math.max(pct, 2)}%` }} />
      </div>
      <span className="text-sm text-slate-700 tabular-nums">{pct >= 99.95 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%</span>
    </div>
  );
}

export function LastStatus({ health }: { health: EndpointHealth | null }) {
  if (!health?.lastAttemptAt) return <span className="text-sm text-slate-400">—</span>;
  return (
    <span className="flex items-center gap-2 text-sm">
      <HttpStatus code={health.lastStatusCode} errorClass={health.lastErrorClass} />
      <RelativeTime iso={health.lastAttemptAt} className="text-xs text-slate-500" />
    </span>
  );
}

/** Disabled, failing (its latest attempt failed) or enabled. */
export function EndpointStateBadge({ disabled, health }: { disabled: boolean; health: EndpointHealth | null }) {
  if (disabled) return <Badge tone="gray" dot>Disabled</Badge>;
  if (health?.lastSucceeded === false) return <Badge tone="amber" dot>Failing</Badge>;
  return <Badge tone="green" dot>Enabled</Badge>;
}

export function EventTypeList({ types }: { types: string[] }) {
  if (types.length === 0) return <span className="text-sm text-slate-500">All events</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {types.map((t) => (
        <code key={t} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{t}</code>
      ))}
    </span>
  );
}
