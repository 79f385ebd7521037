'use client';
// One type in the catalog: what it means, its JSON Schema and what an endpoint receives.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SerializedEventType } from '@/lib/event-types/serialize-event-type';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { CodeBlock } from '../ui/code-block';
import { Alert } from '../ui/states';
import { EventTypeForm } from './event-type-form';
import { examplePayload } from './example-payload';

const SOURCE_LABEL = { stored: 'data from the stored example', schema: 'data generated from the schema', none: 'any JSON object as data' };

export const cardId = (name: string) => `type-${name}`;

export function EventTypeCard({ tenantId, eventType: t, admin }: { tenantId: string; eventType: SerializedEventType; admin: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['event-types', tenantId] });
  const archive = useMutation({
    mutationFn: (archived: boolean) =>
      archived
        ? fetchJson(tenantApi(tenantId, `/event-types/${t.id}`), { method: 'DELETE' })
        : fetchJson(tenantApi(tenantId, `/event-types/${t.id}`), { method: 'PATCH', body: { archived: false } }),
    onSuccess: () => {
      setConfirmArchive(false);
      refresh();
    },
  });
  const example = examplePayload(t);
  const titleId = `${cardId(t.name)}-title`;

  return (
    <Card id={cardId(t.name)} aria-labelledby={titleId} data-testid="event-type-card" className="scroll-mt-8 overflow-hidden">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={titleId} className="font-mono text-[15px] font-semibold break-all text-slate-900">{t.name}</h2>
            {t.archived ? <Badge tone="amber">Archived</Badge> : t.schema ? <Badge tone="indigo" dot>Validated</Badge> : <Badge tone="gray">No schema</Badge>}
          </div>
          <p className="mt-1 text-sm text-slate-600">{t.description || <span className="text-slate-400">No description</span>}</p>
        </div>
        {admin && !editing && (
          <div className="flex shrink-0 items-center gap-2">
            {t.archived ? (
              <Button size="sm" onClick={() => archive.mutate(false)} loading={archive.isPending}>Restore</Button>
            ) : (
              <>
                <Button size="sm" onClick={() => setEditing(true)}>Edit</Button>
                <Button size="sm" variant="danger" onClick={() => setConfirmArchive(true)} disabled={confirmArchive}>Archive</Button>
              </>
            )}
          </div>
        )}
      </div>
      {confirmArchive && (
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-rose-100 bg-rose-50 px-5 py-3" role="alertdialog" aria-labelledby={`${titleId}-archive`}>
          <p id={`${titleId}-archive`} className="text-sm text-rose-900">
            Archive <code className="font-mono">{t.name}</code>? Its events are then accepted without a schema check. Registering the name again restores it.
          </p>
          <div className="flex gap-2">
            <Button size="sm" onClick={() => setConfirmArchive(false)} autoFocus>Keep it</Button>
            <Button size="sm" variant="danger" className="bg-rose-600 text-white ring-rose-600 hover:bg-rose-500" onClick={() => archive.mutate(true)} loading={archive.isPending}>
              Archive type
            </Button>
          </div>
        </div>
      )}
      {archive.error && <div className="px-5 pt-4"><Alert title="That did not work">{archive.error.message}</Alert></div>}
      <div className="px-5 py-4">
        {editing ? (
          <EventTypeForm tenantId={tenantId} eventType={t} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
        ) : (
          <div className="grid gap-4 lg:grid-cols-2">
            <section aria-label={`${t.name} schema`}>
              <h3 className="mb-1.5 text-xs font-medium text-slate-500">JSON Schema</h3>
              {t.schema ? (
                <CodeBlock text={JSON.stringify(t.schema, null, 2)} label="schema" testId="event-type-schema" maxHeight="max-h-80" />
              ) : (
                <p className="rounded-md border border-dashed border-slate-200 px-3 py-6 text-center text-xs text-slate-500">
                  No schema: any JSON object is accepted as this type’s data.
                </p>
              )}
            </section>
            <section aria-label={`${t.name} example payload`}>
              <h3 className="mb-1.5 text-xs font-medium text-slate-500">
                Example payload <span className="font-normal text-slate-400">· {SOURCE_LABEL[example.source]}</span>
              </h3>
              <CodeBlock text={example.text} label="example payload" testId="event-type-example" maxHeight="max-h-80" />
            </section>
          </div>
        )}
      </div>
    </Card>
  );
}
