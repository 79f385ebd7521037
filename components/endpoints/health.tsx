'use client';
import { useEffect, useState } from 'react';
import type { EndpointHealth } from '@/lib/dashboard/endpoint-health';
import { endpointHealthKind, type HealthKind } from '@/lib/dashboard/endpoint-health-state';
import { Badge, HttpStatus, type Tone } from '../ui/badge';
import { cn } from '../ui/cn';
import { relativeTime, RelativeTime } from '../ui/time';

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

const HEALTH: Record<HealthKind, { tone: Tone; label: string }> = {
  healthy: { tone: 'green', label: 'Healthy' },
  failing: { tone: 'amber', label: 'Failing' },
  circuit_open: { tone: 'red', label: 'Circuit open' },
  probing: { tone: 'blue', label: 'Probing' },
  disabled: { tone: 'gray', label: 'Disabled' },
};

/** Healthy / Failing / Circuit open / Probing / Disabled (lib/dashboard/endpoint-health-state.ts). */
export function HealthBadge({ kind }: { kind: HealthKind }) {
  const h = HEALTH[kind];
  return (
    <Badge tone={h.tone} dot>
      <span data-testid="health-state">{h.label}</span>
    </Badge>
  );
}

/**
 * When an open circuit lets its one probe attempt through: "next probe in 25 seconds".
 * Once that time has passed, the endpoint's next due delivery goes as the probe.
 */
export function NextProbe({ iso, className, short }: { iso: string | null; className?: string; short?: boolean }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 5_000);
    return () => clearInterval(timer);
  }, []);
  const due = !iso || new Date(iso).getTime() <= Date.now();
  // One element and one text node either way, so server and browser differ in text only.
  return (
    <span title={iso ? new Date(iso).toISOString() : undefined} className={className} suppressHydrationWarning>
      {!iso || due ? (short ? 'due with the next delivery' : 'probe due with the next delivery') : `${short ? '' : 'next probe '}${relativeTime(iso, Date.now())}`}
    </span>
  );
}

/** The fields of a serialized endpoint (lib/endpoints/serialize-endpoint.ts) that say how it is doing. */
export type HealthFields = {
  disabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  circuit: { state: 'closed' | 'open' | 'half_open'; consecutiveFailures: number; openedAt: string | null; nextProbeAt: string | null };
};

export const healthKind = (e: HealthFields) => endpointHealthKind({ disabled: e.disabled, circuitState: e.circuit.state, failingSince: e.failingSince });

/** The badge and one line of why: since when it fails, when the next probe goes, why it was disabled. */
export function EndpointHealthSummary({ endpoint: e }: { endpoint: HealthFields }) {
  const kind = healthKind(e);
  return (
    <div className="flex min-w-0 flex-col items-start gap-1" data-testid="endpoint-health">
      <HealthBadge kind={kind} />
      {kind !== 'healthy' && (
        <p className="max-w-[16rem] text-xs text-slate-500">
          {kind === 'failing' && <>since <RelativeTime iso={e.failingSince} /></>}
          {kind === 'circuit_open' && <NextProbe iso={e.circuit.nextProbeAt} />}
          {kind === 'probing' && 'a probe attempt is in flight'}
          {kind === 'disabled' && <span title={e.disabledAt ?? undefined}>{e.disabledReason ?? 'no reason given'}</span>}
        </p>
      )}
    </div>
  );
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
