'use client';
// "Retry failed since …": one more attempt for every delivery to this endpoint that
// failed for good since a moment, e.g. the start of an outage on the consumer's side.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ZRecoverEndpoint } from '@/lib/endpoints/schema';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { useZodForm } from '../data/use-zod-form';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Field, Input } from '../ui/field';
import { Alert } from '../ui/states';

// <input type="datetime-local"> speaks local wall-clock time without a zone.
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function RecoverForm({ tenantId, endpointId, disabled }: { tenantId: string; endpointId: string; disabled: boolean }) {
  const queryClient = useQueryClient();
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 3_600_000)));
  const form = useZodForm(ZRecoverEndpoint);
  const recover = useMutation({
    mutationFn: (body: { since: string }) => fetchJson<{ recovered: number }>(tenantApi(tenantId, `/endpoints/${endpointId}/recover`), { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['deliveries', tenantId] }),
    onError: form.showServerError,
  });
  const input = () => {
    const date = new Date(since);
    return { since: Number.isNaN(date.getTime()) ? since : date.toISOString() };
  };
  function submit(e: React.FormEvent) {
    e.preventDefault();
    recover.reset();
    const body = form.validate(input());
    if (body) recover.mutate(body);
  }
  return (
    <Card>
      <CardHeader title="Recover failed deliveries" description="Make one more attempt for every delivery that failed since a moment — after an outage, say." />
      <CardBody>
        <form onSubmit={submit} noValidate className="space-y-3" aria-label="Recover failed deliveries">
          {form.formError && <Alert>{form.formError}</Alert>}
          <Field label="Failed since" htmlFor="recover-since" error={form.errors.since}>
            <Input id="recover-since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} invalid={Boolean(form.errors.since)} className="w-auto" />
          </Field>
          <div className="flex items-center gap-3">
            <Button type="submit" loading={recover.isPending} disabled={disabled} title={disabled ? 'Enable the endpoint first' : undefined}>
              Retry failed deliveries
            </Button>
            {recover.isSuccess && (
              <span className="text-sm text-emerald-700" role="status">
                {recover.data.recovered === 0 ? 'Nothing to retry: no failed deliveries in that window.' : `Queued ${recover.data.recovered} ${recover.data.recovered === 1 ? 'delivery' : 'deliveries'}.`}
              </span>
            )}
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
