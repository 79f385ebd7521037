'use client';
// The catalog page: an index to filter and jump by, a card per type, and (admins) the
// form to register one. Archived types are shown on request, to restore them.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SerializedEventType } from '@/lib/event-types/serialize-event-type';
import { can, type TenantRole } from '@/lib/session/permissions';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { EmptyState, ErrorState } from '../ui/states';
import { cn } from '../ui/cn';
import { cardId, EventTypeCard } from './event-type-card';
import { EventTypeForm } from './event-type-form';

type Props = { tenantId: string; role: TenantRole; initial: SerializedEventType[] };

export function EventTypesView({ tenantId, role, initial }: Props) {
  const admin = can(role, 'endpoints.write');
  const [adding, setAdding] = useState(false);
  const [showArchived, setShowArchived] = useState(false);
  const [filter, setFilter] = useState('');
  const query = useQuery({
    queryKey: ['event-types', tenantId, showArchived],
    queryFn: ({ signal }) => fetchJson<SerializedEventType[]>(tenantApi(tenantId, `/event-types${showArchived ? '?includeArchived=true' : ''}`), { signal }),
    initialData: showArchived ? undefined : initial,
  });
  const types = query.data ?? initial;
  const needle = filter.trim().toLowerCase();
  const shown = needle ? types.filter((t) => t.name.toLowerCase().includes(needle) || t.description.toLowerCase().includes(needle)) : types;

  return (
    <>
      <PageHeader
        title="Event types"
        description="What this tenant’s producers send, and the shape of each event’s data. Events of a type with a JSON Schema are checked as they arrive; types not in the catalog are accepted as they are."
        actions={admin && !adding && <Button variant="primary" onClick={() => setAdding(true)}>Add event type</Button>}
      />
      <div className="space-y-6">
        {adding && (
          <Card>
            <CardHeader title="New event type" description="Endpoints can subscribe to it by name, and its schema applies to the next event that arrives." />
            <CardBody className="py-5">
              <EventTypeForm tenantId={tenantId} onDone={(saved) => { setAdding(false); setFilter(''); requestAnimationFrame(() => document.getElementById(cardId(saved.name))?.scrollIntoView({ block: 'start' })); }} onCancel={() => setAdding(false)} />
            </CardBody>
          </Card>
        )}
        {query.isError && <Card><ErrorState error={query.error} onRetry={() => query.refetch()} /></Card>}
        {types.length === 0 && !adding ? (
          <Card>
            <EmptyState
              title={showArchived ? 'No event types, archived or not' : 'No event types yet'}
              description={admin ? 'Register the events your producers send: a name, what it means, and optionally a JSON Schema their data must match.' : 'An admin of this tenant can register them.'}
              action={admin && <Button variant="primary" onClick={() => setAdding(true)}>Add event type</Button>}
            />
          </Card>
        ) : types.length > 0 && (
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-[15rem_1fr]">
            <aside className="lg:sticky lg:top-8 lg:self-start">
              <input
                type="search"
                aria-label="Filter event types"
                placeholder="Filter…"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                className="block w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
              />
              <nav aria-label="Event types" className="mt-3">
                <ul className="space-y-0.5" data-testid="event-type-index">
                  {shown.map((t) => (
                    <li key={t.id}>
                      <a href={`#${cardId(t.name)}`} className={cn('flex items-center gap-2 truncate rounded-md px-2.5 py-1.5 font-mono text-[13px] hover:bg-slate-100 hover:text-slate-900', t.archived ? 'text-slate-400' : 'text-slate-700')}>
                        <span className={cn('size-1.5 shrink-0 rounded-full', t.schema && !t.archived ? 'bg-indigo-500' : 'bg-slate-300')} aria-hidden="true" />
                        <span className="truncate">{t.name}</span>
                      </a>
                    </li>
                  ))}
                </ul>
                {shown.length === 0 && <p className="px-2.5 py-1.5 text-sm text-slate-500">No match.</p>}
              </nav>
              <label className="mt-4 flex cursor-pointer items-center gap-2 px-2.5 text-xs text-slate-500">
                <input type="checkbox" className="size-3.5 accent-indigo-600" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
                Show archived
              </label>
            </aside>
            <div className="min-w-0 space-y-4">
              {shown.map((t) => <EventTypeCard key={t.id} tenantId={tenantId} eventType={t} admin={admin} />)}
            </div>
          </div>
        )}
      </div>
    </>
  );
}
