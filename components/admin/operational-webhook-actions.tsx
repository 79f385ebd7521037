'use client';
// What the operator can do with one operational webhook endpoint: send a test event
// (followed until it settles), reveal or rotate its signing secret, delete it.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { fetchJson } from '../data/fetch-json';
import { TestEventResult } from '../endpoints/test-event-result';
import { Button } from '../ui/button';
import { CopyButton } from '../ui/copy-button';
import { SecretOnce } from './secret-once';

const api = (endpointId: string, path = '') => `/api/dashboard/admin/operational-webhooks/${encodeURIComponent(endpointId)}${path}`;

export function OperationalWebhookActions({ endpointId, onDeleted }: { endpointId: string; onDeleted: () => void }) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const test = useMutation({ mutationFn: () => fetchJson<{ deliveryId: string }>(api(endpointId, '/test'), { method: 'POST', body: {} }) });
  const reveal = useMutation({ mutationFn: () => fetchJson<{ secret: string | null }>(api(endpointId, '/secret')) });
  const rotate = useMutation({
    mutationFn: () => fetchJson<{ secret: string; previousSecretExpiresAt: string }>(api(endpointId, '/rotate-secret'), { method: 'POST', body: { graceHours: 24 } }),
    onSuccess: () => reveal.reset(),
  });
  const remove = useMutation({ mutationFn: () => fetchJson<void>(api(endpointId), { method: 'DELETE' }), onSuccess: onDeleted });
  const error = [test, reveal, rotate, remove].find((m) => m.isError)?.error;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap justify-end gap-1">
        <Button size="sm" onClick={() => test.mutate()} loading={test.isPending}>Send test</Button>
        <Button size="sm" variant="ghost" onClick={() => (reveal.data ? reveal.reset() : reveal.mutate())} loading={reveal.isPending}>{reveal.data ? 'Hide secret' : 'Secret'}</Button>
        <Button size="sm" variant="ghost" onClick={() => rotate.mutate()} loading={rotate.isPending}>Rotate</Button>
        {confirmDelete ? (
          <Button size="sm" variant="danger" onClick={() => remove.mutate()} loading={remove.isPending}>Really delete</Button>
        ) : (
          <Button size="sm" variant="danger" onClick={() => setConfirmDelete(true)}>Delete</Button>
        )}
      </div>
      {error && <p className="text-right text-xs text-rose-600" role="alert">{error.message}</p>}
      {reveal.data?.secret && (
        <div className="flex items-center gap-2">
          <code className="min-w-0 flex-1 truncate rounded bg-slate-50 px-2 py-1 font-mono text-xs text-slate-800 ring-1 ring-slate-200" data-testid="operational-webhook-secret">{reveal.data.secret}</code>
          <CopyButton value={reveal.data.secret} label="Copy secret" />
        </div>
      )}
      {rotate.data && <SecretOnce title="New secret" value={rotate.data.secret} note="The previous one keeps signing for 24 hours." testId="operational-webhook-new-secret" />}
      {test.data && <TestEventResult tenantId={OPERATOR_TENANT_ID} deliveryId={test.data.deliveryId} />}
    </div>
  );
}
