'use client';
// Register or edit an event type. JSON is edited as text and parsed by ZEventTypeForm as
// the user types (after a first submit); whether the schema compiles and the example
// matches it is the server's answer, shown under the same fields.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { exampleFromSchema } from '@/lib/event-types/example-from-schema';
import { ZEventTypeForm, type TEventTypeForm } from '@/lib/event-types/schema';
import type { SerializedEventType } from '@/lib/event-types/serialize-event-type';
import { ApiError, fetchJson, tenantApi } from '../data/fetch-json';
import { useZodForm } from '../data/use-zod-form';
import { Button } from '../ui/button';
import { Field, Input, Textarea } from '../ui/field';
import { Alert } from '../ui/states';

type Props = { tenantId: string; eventType?: SerializedEventType; onDone: (saved: SerializedEventType) => void; onCancel: () => void };

const pretty = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));
const SCHEMA_PLACEHOLDER = pretty({ type: 'object', required: ['invoiceId'], properties: { invoiceId: { type: 'string' }, amount: { type: 'integer' } } });

// "schema.properties.amount.type: must be …" under the schema field, not just "must be …".
const withInnerPath = (error: unknown) =>
  error instanceof ApiError
    ? new ApiError(error.status, error.code, error.message, error.fieldIssues.map((i) => (i.path.includes('.') ? { path: i.path, message: `${i.path}: ${i.message}` } : i)))
    : error;

export function EventTypeForm({ tenantId, eventType, onDone, onCancel }: Props) {
  const queryClient = useQueryClient();
  const editing = Boolean(eventType);
  const form = useZodForm(ZEventTypeForm);
  const [values, setValues] = useState<TEventTypeForm>({
    name: eventType?.name ?? '',
    description: eventType?.description ?? '',
    schema: pretty(eventType?.schema),
    example: pretty(eventType?.example),
  });

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing
        ? fetchJson<SerializedEventType>(tenantApi(tenantId, `/event-types/${eventType!.id}`), { method: 'PATCH', body })
        : fetchJson<SerializedEventType>(tenantApi(tenantId, '/event-types'), { method: 'POST', body }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['event-types', tenantId] });
      onDone(saved);
    },
    onError: (error) => form.showServerError(withInnerPath(error)),
  });

  function submit(e: React.FormEvent) {
    e.preventDefault();
    form.setFormError(null);
    const parsed = form.validate(values);
    if (!parsed) return;
    const { name, ...rest } = parsed;
    save.mutate(editing ? rest : { name, ...rest });
  }
  const set = (field: keyof TEventTypeForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const next = { ...values, [field]: e.target.value };
    setValues(next);
    form.recheck(field, next);
  };
  const parsedSchema = ZEventTypeForm.shape.schema.safeParse(values.schema);
  const canGenerate = parsedSchema.success && parsedSchema.data !== null;
  const generate = () => {
    if (!canGenerate) return;
    const next = { ...values, example: pretty(exampleFromSchema(parsedSchema.data)) };
    setValues(next);
    form.recheck('example', next);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-label={editing ? `Edit ${eventType!.name}` : 'New event type'}>
      {form.formError && <Alert title={editing ? 'Could not save' : 'Could not register the event type'}>{form.formError}</Alert>}
      <div className="grid gap-5 md:grid-cols-2">
        <Field label="Name" htmlFor="event-type-name" error={form.errors.name} hint={editing ? 'Events and endpoint filters refer to it, so it can’t change.' : 'Letters, digits and . _ - : /, e.g. invoice.paid.'}>
          <Input id="event-type-name" name="name" autoComplete="off" placeholder="invoice.paid" value={values.name} onChange={set('name')} invalid={Boolean(form.errors.name)} disabled={editing} className="font-mono" autoFocus={!editing} />
        </Field>
        <Field label="Description" htmlFor="event-type-description" error={form.errors.description} hint="What happened, for the people who subscribe to it.">
          <Input id="event-type-description" name="description" autoComplete="off" placeholder="An invoice was paid in full" value={values.description} onChange={set('description')} invalid={Boolean(form.errors.description)} />
        </Field>
      </div>
      <Field
        label="JSON Schema"
        htmlFor="event-type-schema"
        error={form.errors.schema}
        hint="Optional. JSON Schema 2020-12 for the event’s data: events that don’t match are refused with a 400 naming the field."
      >
        <Textarea id="event-type-schema" name="schema" rows={10} spellCheck={false} placeholder={SCHEMA_PLACEHOLDER} value={values.schema} onChange={set('schema')} invalid={Boolean(form.errors.schema)} className="font-mono text-xs leading-relaxed" />
      </Field>
      <Field label="Example data" htmlFor="event-type-example" error={form.errors.example} hint="Optional. Shown in the catalog and must match the schema; left empty, the catalog shows one made from the schema.">
        <Textarea id="event-type-example" name="example" rows={6} spellCheck={false} placeholder={'{\n  "invoiceId": "in_123"\n}'} value={values.example} onChange={set('example')} invalid={Boolean(form.errors.example)} className="font-mono text-xs leading-relaxed" />
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" loading={save.isPending}>
          {editing ? 'Save changes' : 'Register event type'}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="ghost" className="ml-auto" onClick={generate} disabled={!canGenerate} title={canGenerate ? undefined : 'Enter a schema first'}>
          Fill example from schema
        </Button>
      </div>
    </form>
  );
}
