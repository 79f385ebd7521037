'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { TenantRow } from '@/lib/dashboard/list-tenants';
import { ZCreateTenant } from '@/lib/tenants/schema';
import { fetchJson } from '../data/fetch-json';
import { useZodForm } from '../data/use-zod-form';
import { Button, ButtonLink } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Field, Input } from '../ui/field';
import { Alert, EmptyState } from '../ui/states';
import { RelativeTime } from '../ui/time';
import { SecretOnce } from './secret-once';

type Created = { tenant: { id: string; name: string }; apiKey: string };

export function TenantsView({ initial }: { initial: TenantRow[] }) {
  const queryClient = useQueryClient();
  const { data: tenants } = useQuery({
    queryKey: ['admin', 'tenants'],
    queryFn: ({ signal }) => fetchJson<TenantRow[]>('/api/dashboard/admin/tenants', { signal }),
    initialData: initial,
  });
  const form = useZodForm(ZCreateTenant);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: (body: { name: string }) => fetchJson<Created>('/api/dashboard/admin/tenants', { method: 'POST', body }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['admin', 'tenants'] });
    },
    onError: form.showServerError,
  });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    form.setFormError(null);
    const body = form.validate({ name });
    if (body) create.mutate(body);
  }

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="New tenant" description="A tenant is one consumer of webhooks: its endpoints, events, users and API keys." />
        <CardBody className="space-y-4">
          {create.data && (
            <SecretOnce title={`Created ${create.data.tenant.name}. Its first API key:`} value={create.data.apiKey} note="Shown once. Give it to the producer; only its hash is stored." testId="new-api-key" />
          )}
          {form.formError && <Alert>{form.formError}</Alert>}
          <form onSubmit={submit} noValidate className="flex items-start gap-3" aria-label="New tenant">
            <Field label="Name" htmlFor="tenant-name" error={form.errors.name} className="w-80">
              <Input id="tenant-name" value={name} onChange={(e) => { setName(e.target.value); form.recheck('name', { name: e.target.value }); }} placeholder="Acme Inc." invalid={Boolean(form.errors.name)} />
            </Field>
            <Button type="submit" variant="primary" className="mt-7" loading={create.isPending}>Create tenant</Button>
          </form>
        </CardBody>
      </Card>

      <Card className="overflow-hidden">
        {tenants.length === 0 ? (
          <EmptyState title="No tenants yet" description="Create the first one above." />
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50/60 text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">Tenant</th>
                <th scope="col" className="px-3 py-2.5 text-right font-medium">Endpoints</th>
                <th scope="col" className="px-3 py-2.5 text-right font-medium">Members</th>
                <th scope="col" className="px-3 py-2.5 text-right font-medium">Active API keys</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Created</th>
                <th scope="col" className="py-2.5 pr-5 pl-3"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tenants.map((t) => (
                <tr key={t.id} className="hover:bg-slate-50">
                  <td className="py-3 pr-3 pl-5">
                    <Link href={`/admin/tenants/${t.id}`} className="font-medium text-slate-900 hover:text-indigo-600">{t.name}</Link>
                    <div className="font-mono text-xs text-slate-500">{t.id}</div>
                  </td>
                  <td className="px-3 py-3 text-right tabular-nums">{t.endpoints}</td>
                  <td className="px-3 py-3 text-right tabular-nums">{t.members}</td>
                  <td className="px-3 py-3 text-right tabular-nums">{t.activeApiKeys}</td>
                  <td className="px-3 py-3 text-slate-500"><RelativeTime iso={t.createdAt} /></td>
                  <td className="py-3 pr-5 pl-3 text-right whitespace-nowrap">
                    <ButtonLink size="sm" variant="ghost" href={`/t/${t.id}`}>Open dashboard</ButtonLink>
                    <ButtonLink size="sm" href={`/admin/tenants/${t.id}`} className="ml-1">Manage</ButtonLink>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
