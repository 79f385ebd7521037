'use client';
// A tenant's API keys: create (the key is shown once), revoke.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiKeyRow } from '@/lib/dashboard/list-api-keys';
import { ZCreateApiKey } from '@/lib/dashboard/schema';
import { fetchJson } from '../data/fetch-json';
import { useZodForm } from '../data/use-zod-form';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Field, Input } from '../ui/field';
import { Alert, EmptyState } from '../ui/states';
import { RelativeTime } from '../ui/time';
import { SecretOnce } from './secret-once';

export function ApiKeysPanel({ tenant, initial }: { tenant: { id: string; name: string }; initial: ApiKeyRow[] }) {
  const queryClient = useQueryClient();
  const key = ['admin', 'api-keys', tenant.id];
  const url = `/api/dashboard/admin/tenants/${tenant.id}/api-keys`;
  const { data: keys } = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchJson<ApiKeyRow[]>(url, { signal }), initialData: initial });
  const form = useZodForm(ZCreateApiKey);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: (body: { name: string }) => fetchJson<{ apiKey: string; name: string }>(url, { method: 'POST', body }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: form.showServerError,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => fetchJson(`${url}/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    form.setFormError(null);
    const body = form.validate({ name });
    if (body) create.mutate(body);
  }
  return (
    <Card className="overflow-hidden">
      <CardHeader title="API keys" description="The producer authenticates with these (Authorization: Bearer …)." />
      <CardBody className="space-y-4 border-b border-slate-100">
        {create.data && <SecretOnce title={`New key “${create.data.name}”`} value={create.data.apiKey} note="Shown once: only its hash is stored. Copy it into the producer's configuration now." testId="new-api-key" />}
        {(form.formError || revoke.error) && <Alert>{form.formError ?? revoke.error?.message}</Alert>}
        <form onSubmit={submit} noValidate className="flex items-start gap-3" aria-label="Create API key">
          <Field label="Key name" htmlFor="key-name" error={form.errors.name} className="flex-1">
            <Input id="key-name" value={name} onChange={(e) => { setName(e.target.value); form.recheck('name', { name: e.target.value }); }} placeholder="production" invalid={Boolean(form.errors.name)} />
          </Field>
          <Button type="submit" variant="primary" className="mt-7" loading={create.isPending}>Create key</Button>
        </form>
      </CardBody>
      {keys.length === 0 ? (
        <EmptyState title="No API keys" />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="api-keys">
          {keys.map((k) => (
            <li key={k.id} className="flex items-center gap-3 px-5 py-3">
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-900">{k.name}</p>
                <p className="font-mono text-xs text-slate-500">{k.prefix}…</p>
              </div>
              <div className="text-right text-xs text-slate-500">
                <div>created <RelativeTime iso={k.createdAt} /></div>
                <div>{k.lastUsedAt ? <>used <RelativeTime iso={k.lastUsedAt} /></> : 'never used'}</div>
              </div>
              {k.revokedAt ? (
                <Badge tone="gray">Revoked</Badge>
              ) : (
                <Button size="sm" variant="danger" onClick={() => revoke.mutate(k.id)} aria-label={`Revoke ${k.name}`}>Revoke</Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
