'use client';
// Create a user, or add an existing one (same email) to a tenant with a role. The
// operator sets a first password and hands it over: this installation sends no email.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ZCreateUser } from '@/lib/users/schema';
import { fetchJson } from '../data/fetch-json';
import { useZodForm } from '../data/use-zod-form';
import { Button } from '../ui/button';
import { Field, Input, Select } from '../ui/field';
import { Alert } from '../ui/states';

type Props = { tenants: { id: string; name: string }[]; fixedTenantId?: string; onCreated: (user: { email: string }) => void };

export function UserForm({ tenants, fixedTenantId, onCreated }: Props) {
  const form = useZodForm(ZCreateUser);
  const empty = { email: '', name: '', password: '', role: 'member', tenantId: fixedTenantId ?? tenants[0]?.id ?? '' };
  const [values, setValues] = useState(empty);
  const toInput = (v: typeof values) => ({
    email: v.email,
    password: v.password,
    role: v.role,
    ...(v.name ? { name: v.name } : {}),
    ...(v.role !== 'operator' && v.tenantId ? { tenantId: v.tenantId } : {}),
  });
  const input = () => toInput(values);
  const create = useMutation({
    mutationFn: (body: unknown) => fetchJson<{ email: string }>('/api/dashboard/admin/users', { method: 'POST', body }),
    onSuccess: (user) => {
      setValues(empty);
      onCreated(user);
    },
    onError: form.showServerError,
  });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    form.setFormError(null);
    if (form.validate(input())) create.mutate(input());
  }
  const set = (field: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    const next = { ...values, [field]: e.target.value };
    setValues(next);
    form.recheck(field, toInput(next));
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Add user">
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Email" htmlFor="user-email" error={form.errors.email}>
          <Input id="user-email" type="email" autoComplete="off" value={values.email} onChange={set('email')} invalid={Boolean(form.errors.email)} />
        </Field>
        <Field label="Name" htmlFor="user-name" error={form.errors.name} hint="Optional">
          <Input id="user-name" autoComplete="off" value={values.name} onChange={set('name')} />
        </Field>
        <Field label="First password" htmlFor="user-password" error={form.errors.password} hint="At least 8 characters. Ignored when the email already has an account.">
          <Input id="user-password" type="password" autoComplete="new-password" value={values.password} onChange={set('password')} invalid={Boolean(form.errors.password)} />
        </Field>
        <Field label="Role" htmlFor="user-role" error={form.errors.role}>
          <Select id="user-role" value={values.role} onChange={set('role')}>
            <option value="member">Member — browses, retries, rotates secrets</option>
            <option value="admin">Admin — also manages endpoints</option>
            {!fixedTenantId && <option value="operator">Operator — runs this installation</option>}
          </Select>
        </Field>
        {!fixedTenantId && values.role !== 'operator' && (
          <Field label="Tenant" htmlFor="user-tenant" error={form.errors.tenantId}>
            <Select id="user-tenant" value={values.tenantId} onChange={set('tenantId')} invalid={Boolean(form.errors.tenantId)}>
              <option value="">Choose a tenant…</option>
              {tenants.map((t) => (
                <option key={t.id} value={t.id}>{t.name}</option>
              ))}
            </Select>
          </Field>
        )}
      </div>
      <Button type="submit" variant="primary" loading={create.isPending}>Add user</Button>
    </form>
  );
}
