'use client';
// Create or edit an endpoint. Validated with the API's own schemas (ZCreateEndpoint /
// ZUpdateEndpoint) as the user types, and again by the server, whose field errors land
// under the same inputs. Editing sends every field, so clearing the rate limit sends null.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ZCreateEndpoint, ZUpdateEndpoint } from '@/lib/endpoints/schema';
import type { SerializedEndpoint } from '@/lib/endpoints/serialize-endpoint';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { EventTypePicker } from '../event-types/event-type-picker';
import { useZodForm } from '../data/use-zod-form';
import { Button, ButtonLink } from '../ui/button';
import { Checkbox, Field, Input, Select, Textarea } from '../ui/field';
import { Alert } from '../ui/states';

const splitTypes = (text: string) => text.split(/[\s,]+/).filter(Boolean);
// Empty = unlimited (null); anything else goes to the schema as a number, NaN included,
// so "5/s" or "2.5" gets the schema's own message.
const toRateLimit = (text: string) => (text.trim() === '' ? null : Number(text));

type Scheme = SerializedEndpoint['signatureScheme'];
type Values = { url: string; description: string; eventTypes: string; rateLimitPerSecond: string; ordered: boolean; signatureScheme: Scheme };

type Props = { tenantId: string; endpoint?: SerializedEndpoint; onSaved?: () => void; onCancel?: () => void };

export function EndpointForm({ tenantId, endpoint, onSaved, onCancel }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const editing = Boolean(endpoint);
  const form = useZodForm(editing ? ZUpdateEndpoint : ZCreateEndpoint);
  const [values, setValues] = useState<Values>({
    url: endpoint?.url ?? '',
    description: endpoint?.description ?? '',
    eventTypes: endpoint?.eventTypes.join(', ') ?? '',
    rateLimitPerSecond: endpoint?.rateLimitPerSecond?.toString() ?? '',
    ordered: endpoint?.ordered ?? false,
    signatureScheme: endpoint?.signatureScheme ?? 'hmac-sha256',
  });
  const toInput = (v: Values) => ({
    url: v.url,
    description: v.description,
    eventTypes: splitTypes(v.eventTypes),
    rateLimitPerSecond: toRateLimit(v.rateLimitPerSecond),
    ordered: v.ordered,
    // Chosen once, at creation (ZUpdateEndpoint refuses it).
    ...(editing ? {} : { signatureScheme: v.signatureScheme }),
  });
  const input = () => toInput(values);

  const save = useMutation({
    mutationFn: (body: unknown) =>
      editing
        ? fetchJson<SerializedEndpoint>(tenantApi(tenantId, `/endpoints/${endpoint!.id}`), { method: 'PATCH', body })
        : fetchJson<SerializedEndpoint>(tenantApi(tenantId, '/endpoints'), { method: 'POST', body }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['endpoints', tenantId] });
      void queryClient.invalidateQueries({ queryKey: ['endpoint', tenantId, saved.id] });
      if (editing) onSaved?.();
      else router.push(`/t/${tenantId}/endpoints/${saved.id}`);
    },
    onError: form.showServerError,
  });

  function submit(e: React.FormEvent) {
    e.preventDefault();
    form.setFormError(null);
    const body = form.validate(input());
    if (body) save.mutate(input());
  }
  const update = (field: keyof Values, next: Values) => {
    setValues(next);
    form.recheck(field, toInput(next));
  };
  const set = (field: Exclude<keyof Values, 'ordered'>) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    update(field, { ...values, [field]: e.target.value });

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-label={editing ? 'Edit endpoint' : 'New endpoint'}>
      {form.formError && <Alert title={editing ? 'Could not save' : 'Could not create the endpoint'}>{form.formError}</Alert>}
      <Field label="Endpoint URL" htmlFor="endpoint-url" error={form.errors.url} hint="Where Hookline POSTs each event. https:// in production.">
        <Input id="endpoint-url" name="url" type="url" inputMode="url" autoComplete="off" placeholder="https://api.example.com/webhooks" value={values.url} onChange={set('url')} invalid={Boolean(form.errors.url)} className="font-mono" autoFocus={!editing} />
      </Field>
      <Field label="Description" htmlFor="endpoint-description" error={form.errors.description} hint="Optional. What this endpoint is for.">
        <Textarea id="endpoint-description" name="description" rows={2} value={values.description} onChange={set('description')} invalid={Boolean(form.errors.description)} />
      </Field>
      <EventTypePicker tenantId={tenantId} value={values.eventTypes} onChange={(text) => update('eventTypes', { ...values, eventTypes: text })} error={form.errors.eventTypes} />
      <Field label="Rate limit" htmlFor="endpoint-rate-limit" error={form.errors.rateLimitPerSecond} hint="At most this many attempts per second to this endpoint, counting retries and every worker; the rest wait for a slot. Empty means no limit.">
        <div className="flex items-center gap-2">
          <Input id="endpoint-rate-limit" name="rateLimitPerSecond" inputMode="numeric" autoComplete="off" placeholder="Unlimited" value={values.rateLimitPerSecond} onChange={set('rateLimitPerSecond')} invalid={Boolean(form.errors.rateLimitPerSecond)} className="w-32 tabular-nums" />
          <span className="text-sm text-slate-500">per second</span>
        </div>
      </Field>
      <Checkbox
        id="endpoint-ordered"
        name="ordered"
        label="Deliver in order"
        hint="In the order events were accepted: a later delivery waits while an earlier one is pending or retrying, so one failing event holds up those after it until it succeeds or fails for good."
        checked={values.ordered}
        onChange={(e) => update('ordered', { ...values, ordered: e.target.checked })}
      />
      {!editing && (
        <Field label="Signature scheme" htmlFor="endpoint-signature-scheme" error={form.errors.signatureScheme} hint="HMAC-SHA256 (v1): the consumer verifies with a shared whsec_ secret. Ed25519 (v1a): the consumer verifies with a public key and never holds anything that can sign. Fixed once created.">
          <Select id="endpoint-signature-scheme" name="signatureScheme" value={values.signatureScheme} onChange={(e) => update('signatureScheme', { ...values, signatureScheme: e.target.value as Scheme })} invalid={Boolean(form.errors.signatureScheme)} className="w-64">
            <option value="hmac-sha256">HMAC-SHA256 (shared secret)</option>
            <option value="ed25519">Ed25519 (public key)</option>
          </Select>
        </Field>
      )}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" loading={save.isPending}>
          {editing ? 'Save changes' : 'Create endpoint'}
        </Button>
        {onCancel ? (
          <Button onClick={onCancel}>Cancel</Button>
        ) : (
          <ButtonLink href={`/t/${tenantId}/endpoints`}>Cancel</ButtonLink>
        )}
      </div>
    </form>
  );
}
