'use client';
// The endpoint form's event-type field: a text input of comma-separated names (any name,
// registered or not) with the tenant's catalog under it as checkboxes, filterable. The
// text stays the source of truth; ticking a type adds it to the text, unticking removes it.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SerializedEventType } from '@/lib/event-types/serialize-event-type';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { Field, Input } from '../ui/field';

const splitTypes = (text: string) => text.split(/[\s,]+/).filter(Boolean);
// Filter the list once it is longer than a glance.
const FILTER_FROM = 6;

type Props = { tenantId: string; value: string; onChange: (text: string) => void; error?: string };

export function EventTypePicker({ tenantId, value, onChange, error }: Props) {
  const [filter, setFilter] = useState('');
  const { data: catalog = [] } = useQuery({
    queryKey: ['event-types', tenantId, false],
    queryFn: ({ signal }) => fetchJson<SerializedEventType[]>(tenantApi(tenantId, '/event-types'), { signal }),
    staleTime: 30_000,
  });
  const chosen = splitTypes(value);
  const toggle = (name: string) => onChange((chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name]).join(', '));
  const needle = filter.trim().toLowerCase();
  const shown = needle ? catalog.filter((t) => t.name.toLowerCase().includes(needle) || t.description.toLowerCase().includes(needle)) : catalog;
  const picked = catalog.filter((t) => chosen.includes(t.name)).length;
  const unregistered = chosen.filter((name) => !catalog.some((t) => t.name === name));

  return (
    <Field label="Event types" htmlFor="endpoint-event-types" error={error}>
      <Input id="endpoint-event-types" name="eventTypes" autoComplete="off" placeholder="All events" value={value} onChange={(e) => onChange(e.target.value)} invalid={Boolean(error)} className="font-mono" />
      <p id="endpoint-event-types-hint" className="mt-1.5 text-xs text-slate-500">
        {catalog.length > 0 ? 'Pick from the catalog below, or type any names, comma-separated.' : 'Comma-separated, e.g. invoice.paid, invoice.failed.'} Leave empty to receive every event.
      </p>
      {catalog.length > 0 && (
        <div className="mt-2 overflow-hidden rounded-md border border-slate-200" data-testid="event-type-picker">
          <div className="flex items-center justify-between gap-3 border-b border-slate-100 bg-slate-50/70 px-3 py-2">
            <p className="text-xs font-medium text-slate-600">
              Catalog <span className="font-normal text-slate-400">· {picked === 0 ? 'none picked' : `${picked} of ${catalog.length} picked`}</span>
            </p>
            {catalog.length >= FILTER_FROM && (
              <input
                type="search"
                aria-label="Filter the catalog"
                placeholder="Filter…"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                className="w-40 rounded border-0 bg-white px-2 py-1 text-xs text-slate-900 ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
              />
            )}
          </div>
          <ul className="max-h-56 divide-y divide-slate-100 overflow-y-auto">
            {shown.map((t) => (
              <li key={t.id}>
                <label className="flex cursor-pointer items-start gap-3 px-3 py-2 hover:bg-slate-50">
                  <input type="checkbox" className="mt-0.5 size-4 shrink-0 cursor-pointer accent-indigo-600" checked={chosen.includes(t.name)} onChange={() => toggle(t.name)} />
                  <span className="min-w-0 flex-1">
                    <span className="block font-mono text-[13px] break-all text-slate-900">{t.name}</span>
                    {t.description && <span className="block truncate text-xs text-slate-500">{t.description}</span>}
                  </span>
                  {t.schema && <span className="mt-0.5 shrink-0 rounded bg-indigo-50 px-1.5 py-0.5 text-[11px] font-medium text-indigo-700">schema</span>}
                </label>
              </li>
            ))}
            {shown.length === 0 && <li className="px-3 py-2 text-xs text-slate-500">No type matches “{filter}”.</li>}
          </ul>
        </div>
      )}
      {catalog.length > 0 && unregistered.length > 0 && (
        <p className="mt-1.5 text-xs text-slate-500" data-testid="unregistered-types">
          Not in the catalog: {unregistered.map((n, i) => <span key={n}>{i > 0 && ', '}<code className="font-mono text-slate-700">{n}</code></span>)}. Delivered too, with no schema check.
        </p>
      )}
    </Field>
  );
}
