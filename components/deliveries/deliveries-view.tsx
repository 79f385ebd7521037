'use client';
// The deliveries list: filters live in the URL (shareable, back-button friendly), the
// first page polls every 3 s so new deliveries and retry results appear by themselves.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { listDeliveryRows } from '@/lib/dashboard/list-delivery-rows';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input, Select } from '../ui/field';
import { EmptyState, ErrorState } from '../ui/states';
import { DeliveriesTable } from './deliveries-table';
import { LiveIndicator } from './live-indicator';

type Page = Awaited<ReturnType<typeof listDeliveryRows>>;
type EndpointOption = { id: string; url: string };

const FILTER_KEYS = ['status', 'endpointId', 'eventType', 'eventId', 'range'] as const;

export function DeliveriesView({ tenantId, initial, initialQuery, endpoints }: { tenantId: string; initial: Page; initialQuery: string; endpoints: EndpointOption[] }) {
  const router = useRouter();
  const params = useSearchParams();
  const qs = params.toString();
  const query = useQuery({
    queryKey: ['deliveries', tenantId, qs],
    queryFn: ({ signal }) => fetchJson<Page>(tenantApi(tenantId, `/deliveries?${qs}`), { signal }),
    initialData: qs === initialQuery ? initial : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 3_000,
  });

  // Filters change the URL without a server round trip; the query follows the URL.
  function setParams(changes: Record<string, string | undefined>, resetPage = true) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (resetPage) {
      next.delete('cursor');
      next.delete('before');
    }
    const text = next.toString();
    window.history.pushState(null, '', text ? `?${text}` : window.location.pathname);
  }

  const [search, setSearch] = useState(params.get('eventId') ?? '');
  function submitSearch(e: React.FormEvent) {
    e.preventDefault();
    const value = search.trim();
    if (value.startsWith('dlv_')) return router.push(`/t/${tenantId}/deliveries/${value}`);
    setParams({ eventId: value || undefined });
  }

  const filtered = FILTER_KEYS.some((k) => params.get(k));
  const page = query.data;

  return (
    <Card>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-3">
        <form onSubmit={submitSearch} role="search" className="w-56">
          <label htmlFor="search" className="sr-only">Search by event or delivery id</label>
          <Input id="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Event id or delivery id" className="font-mono text-xs" />
        </form>
        <FilterSelect id="filter-status" label="Status" value={params.get('status')} onChange={(v) => setParams({ status: v })}
          options={[['succeeded', 'Succeeded'], ['retrying', 'Retrying'], ['failed', 'Failed'], ['pending', 'Pending']]} all="All statuses" />
        <FilterSelect id="filter-endpoint" label="Endpoint" value={params.get('endpointId')} onChange={(v) => setParams({ endpointId: v })}
          options={endpoints.map((e) => [e.id, e.url])} all="All endpoints" className="max-w-48" />
        <EventTypeFilter key={params.get('eventType') ?? ''} value={params.get('eventType') ?? ''} onApply={(v) => setParams({ eventType: v || undefined })} />
        <FilterSelect id="filter-range" label="Time range" value={params.get('range')} onChange={(v) => setParams({ range: v })}
          options={[['1h', 'Last hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days'], ['30d', 'Last 30 days']]} all="All time" />
        {filtered && (
          <Button variant="ghost" size="sm" onClick={() => { setSearch(''); setParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]))); }}>
            Clear filters
          </Button>
        )}
        <div className="ml-auto">
          <LiveIndicator updatedAt={query.dataUpdatedAt} fetching={query.isFetching} error={query.isError} />
        </div>
      </div>
      {query.isError && !page ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : !page ? (
        <TableSkeleton />
      ) : page.data.length === 0 ? (
        <EmptyState
          title={filtered ? 'No deliveries match these filters' : 'No deliveries yet'}
          description={filtered ? 'Try another status, endpoint or time range.' : 'Deliveries appear here as soon as your producer sends events to an endpoint of this tenant.'}
        />
      ) : (
        <>
          <DeliveriesTable tenantId={tenantId} rows={page.data} />
          <div className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm text-slate-500">
            <span>{page.data.length} shown</span>
            <div className="flex gap-2">
              <Button size="sm" disabled={!page.prevCursor} onClick={() => setParams({ before: page.prevCursor ?? undefined, cursor: undefined }, false)}>
                ← Newer
              </Button>
              <Button size="sm" disabled={!page.nextCursor} onClick={() => setParams({ cursor: page.nextCursor ?? undefined, before: undefined }, false)}>
                Older →
              </Button>
            </div>
          </div>
        </>
      )}
    </Card>
  );
}

function FilterSelect({ id, label, value, onChange, options, all, className }: { id: string; label: string; value: string | null; onChange: (v: string | undefined) => void; options: string[][]; all: string; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="sr-only">{label}</label>
      <Select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} className="w-auto max-w-full text-sm">
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>{text}</option>
        ))}
      </Select>
    </div>
  );
}

function EventTypeFilter({ value, onApply }: { value: string; onApply: (v: string) => void }) {
  const [text, setText] = useState(value);
  return (
    <form onSubmit={(e) => { e.preventDefault(); onApply(text.trim()); }} className="w-36">
      <label htmlFor="filter-event-type" className="sr-only">Event type</label>
      <Input id="filter-event-type" value={text} onChange={(e) => setText(e.target.value)} onBlur={() => text.trim() !== value && onApply(text.trim())} placeholder="Event type" className="text-sm" />
    </form>
  );
}

function TableSkeleton() {
  return (
    <div className="divide-y divide-slate-100" aria-busy="true" aria-label="Loading deliveries">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex items-center gap-6 px-5 py-4">
          <div className="h-5 w-20 animate-pulse rounded bg-slate-200/70" />
          <div className="h-4 w-48 animate-pulse rounded bg-slate-200/70" />
          <div className="h-4 flex-1 animate-pulse rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}
