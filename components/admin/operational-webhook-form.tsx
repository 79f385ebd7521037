'use client';
// Adds a receiver of operational webhooks: URL, description and which of Hookline's
// three events it takes (none ticked = all three). Checked with the API's own schema as
// it is edited; the server's field errors land under the same inputs. The new endpoint's
// secret is shown once, above the list (operational-webhooks-panel.tsx).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { OPERATIONAL_WEBHOOK_TYPES, ZCreateOperationalEndpoint, type OperationalWebhookType } from '@/lib/operational-events/schema';
import { fetchJson } from '../data/fetch-json';
import { useZodForm } from '../data/use-zod-form';
import { Button } from '../ui/button';
import { Checkbox, Field, Input } from '../ui/field';
import { Alert } from '../ui/states';

const HINT: Record<OperationalWebhookType, string> = {
  'endpoint.disabled': 'A tenant’s endpoint was disabled (410 Gone, or failing for days).',
  'delivery.exhausted': 'A delivery used up its attempts and failed for good.',
  'endpoint.recovered': 'An endpoint whose circuit was open answered again.',
};

export type CreatedOperationalEndpoint = { id: string; url: string; secret: string };

export function OperationalWebhookForm({ onCreated, onCancel }: { onCreated: (created: CreatedOperationalEndpoint) => void; onCancel: () => void }) {
  const form = useZodForm(ZCreateOperationalEndpoint);
  const [values, setValues] = useState({ url: '', description: '', eventTypes: [] as OperationalWebhookType[] });
  const create = useMutation({
    mutationFn: (body: typeof values) => fetchJson<CreatedOperationalEndpoint>('/api/dashboard/admin/operational-webhooks', { method: 'POST', body }),
    onSuccess: onCreated,
    onError: form.showServerError,
  });
  const update = (field: keyof typeof values, next: typeof values) => {
    setValues(next);
    form.recheck(field, next);
  };
  const toggle = (type: OperationalWebhookType, on: boolean) =>
    update('eventTypes', { ...values, eventTypes: on ? [...values.eventTypes, type] : values.eventTypes.filter((t) => t !== type) });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    form.setFormError(null);
    if (form.validate(values)) create.mutate(values);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-md border border-slate-200 bg-slate-50 p-4" aria-label="New operational webhook endpoint">
      {form.formError && <Alert title="Could not add the endpoint">{form.formError}</Alert>}
      <Field label="Endpoint URL" htmlFor="opwh-url" error={form.errors.url} hint="Where Hookline POSTs its own events, signed like any webhook.">
        <Input id="opwh-url" type="url" inputMode="url" autoComplete="off" placeholder="https://ops.example.com/hookline" value={values.url} onChange={(e) => update('url', { ...values, url: e.target.value })} invalid={Boolean(form.errors.url)} className="font-mono" autoFocus />
      </Field>
      <Field label="Description" htmlFor="opwh-description" error={form.errors.description} hint="Optional.">
        <Input id="opwh-description" value={values.description} onChange={(e) => update('description', { ...values, description: e.target.value })} invalid={Boolean(form.errors.description)} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <p className="text-xs text-slate-500">None ticked: all three.</p>
        {OPERATIONAL_WEBHOOK_TYPES.map((type) => (
          <Checkbox key={type} id={`opwh-type-${type}`} label={type} hint={HINT[type]} checked={values.eventTypes.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
        ))}
        {form.errors.eventTypes && <p className="text-xs text-rose-600" role="alert">{form.errors.eventTypes}</p>}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" size="sm" loading={create.isPending}>Add endpoint</Button>
        <Button size="sm" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
