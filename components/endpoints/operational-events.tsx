'use client';
// Operational events (lib/operational-events): what Hookline did to an endpoint on its
// own. The endpoint page lists its own; the operator's Operations page lists everyone's.
import type { OperationalEventItem } from '@/lib/dashboard/endpoint-operational-events';
import { Badge, type Tone } from '../ui/badge';
import { Card, CardHeader } from '../ui/card';
import { RelativeTime } from '../ui/time';

const TYPES: Record<string, { tone: Tone; label: string }> = {
  'endpoint.disabled': { tone: 'gray', label: 'Disabled' },
  'endpoint.circuit_opened': { tone: 'red', label: 'Circuit opened' },
  'endpoint.circuit_closed': { tone: 'green', label: 'Circuit closed' },
};

export function OperationalEventBadge({ type }: { type: string }) {
  const t = TYPES[type] ?? { tone: 'gray' as const, label: type };
  return (
    <Badge tone={t.tone} dot>
      <span data-testid="operational-event-type">{t.label}</span>
    </Badge>
  );
}

export function EndpointOperationalEvents({ events }: { events: OperationalEventItem[] }) {
  return (
    <Card className="overflow-hidden" aria-labelledby="endpoint-operational-events" data-testid="operational-events">
      <CardHeader id="endpoint-operational-events" title="Recent operational events" description="What Hookline did to this endpoint on its own, newest first." />
      {events.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-400">None yet. Opening or closing this endpoint’s circuit, or disabling it after failures, is recorded here.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {events.map((event) => (
            <li key={event.id} className="flex items-start gap-3 px-5 py-3" data-testid="operational-event">
              <div className="w-28 shrink-0 pt-px">
                <OperationalEventBadge type={event.type} />
              </div>
              <p className="min-w-0 flex-1 text-sm break-words text-slate-700">{event.message}</p>
              <RelativeTime iso={event.createdAt} className="shrink-0 pt-px text-xs whitespace-nowrap text-slate-500" />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
