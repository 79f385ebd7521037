'use client';
// Signing secrets: hidden until revealed, copyable, rotatable with a grace period during
// which the old secret keeps signing too. A rotation shows the new secret once, here.
// Ed25519 endpoints show their public keys instead (public-keys.tsx): nothing to hide.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SecretVersion } from '@/lib/dashboard/secret-versions';
import { ZRotateSecret } from '@/lib/endpoints/schema';
import { can, type TenantRole } from '@/lib/session/permissions';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { useZodForm } from '../data/use-zod-form';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { CopyButton } from '../ui/copy-button';
import { Field, Input } from '../ui/field';
import { Alert } from '../ui/states';
import { AbsoluteTime, RelativeTime } from '../ui/time';
import { PublicKeyList, type PublicKeys } from './public-keys';

type Revealed = { secret: string | null; previous: { secret: string; createdAt: string; expiresAt: string | null }[] };
type Rotated = { secret?: string; publicKey?: string; previousSecretExpiresAt: string };

const MASK = 'whsec_••••••••••••••••••••••••';

type Props = { tenantId: string; endpointId: string; role: TenantRole; versions: SecretVersion[]; scheme?: 'hmac-sha256' | 'ed25519' };

export function SecretPanel({ tenantId, endpointId, role, versions, scheme = 'hmac-sha256' }: Props) {
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [rotating, setRotating] = useState(false);
  const [graceHours, setGraceHours] = useState('24');
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const form = useZodForm(ZRotateSecret);
  const ed25519 = scheme === 'ed25519';
  const publicKeysKey = ['endpoint-public-keys', tenantId, endpointId];
  const publicKeys = useQuery({
    queryKey: publicKeysKey,
    queryFn: ({ signal }) => fetchJson<PublicKeys>(tenantApi(tenantId, `/endpoints/${endpointId}/secret`), { signal }),
    enabled: ed25519,
  });

  const reveal = useMutation({
    mutationFn: () => fetchJson<Revealed>(tenantApi(tenantId, `/endpoints/${endpointId}/secret`)),
    onSuccess: setRevealed,
  });
  const rotate = useMutation({
    mutationFn: (body: { graceHours: number }) =>
      fetchJson<Rotated>(tenantApi(tenantId, `/endpoints/${endpointId}/rotate-secret`), { method: 'POST', body }),
    onSuccess: (result) => {
      setRotated(result);
      setRotating(false);
      setRevealed(null);
      void queryClient.invalidateQueries({ queryKey: ['endpoint', tenantId, endpointId] });
      void queryClient.invalidateQueries({ queryKey: publicKeysKey });
    },
    onError: form.showServerError,
  });

  const toGrace = (text: string) => ({ graceHours: text.trim() === '' ? Number.NaN : Number(text) });
  const graceInput = () => toGrace(graceHours);
  function submitRotate(e: React.FormEvent) {
    e.preventDefault();
    const body = form.validate(graceInput());
    if (body) rotate.mutate(body);
  }

  const current = versions.find((v) => v.current);
  const previous = versions.filter((v) => !v.current);
  const previousValue = (v: SecretVersion) => revealed?.previous.find((p) => p.createdAt === v.createdAt)?.secret;

  return (
    <Card>
      <CardHeader
        title={ed25519 ? 'Public key (Ed25519)' : 'Signing secret'}
        description={ed25519 ? 'Verify the webhook-signature header’s v1a entries with it (Standard Webhooks).' : 'Verify the webhook-signature header with it (Standard Webhooks).'}
        actions={can(role, 'secrets.rotate') && !rotating && <Button size="sm" onClick={() => { setRotating(true); setRotated(null); form.reset(); }}>Rotate…</Button>}
      />
      <CardBody className="space-y-4">
        {rotated?.publicKey && (
          <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3" role="status" data-testid="new-public-key-callout">
            <p className="text-sm font-medium text-emerald-900">New key pair</p>
            <p className="mt-0.5 text-xs text-emerald-800">
              Webhooks are signed with the new key and, until <AbsoluteTime iso={rotated.previousSecretExpiresAt} />, with the previous one too: give consumers the new public key below.
            </p>
          </div>
        )}

        {rotated?.secret && (
          <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3" role="status" data-testid="new-secret-callout">
            <p className="text-sm font-medium text-emerald-900">New secret — copy it now</p>
            <p className="mt-0.5 text-xs text-emerald-800">
              The previous secret keeps signing until <AbsoluteTime iso={rotated.previousSecretExpiresAt} />, so consumers can switch without missing a webhook.
            </p>
            <div className="mt-2 flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-emerald-200" data-testid="new-secret">
                {rotated.secret}
              </code>
              <CopyButton value={rotated.secret} label="Copy new secret" />
            </div>
          </div>
        )}

        {rotating && (
          <form onSubmit={submitRotate} noValidate className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3" aria-label="Rotate secret">
            {form.formError && <Alert title="Could not rotate">{form.formError}</Alert>}
            <Field label="Keep the old secret valid for (hours)" htmlFor="grace-hours" error={form.errors.graceHours} hint="0 stops it at once. During the grace period every webhook carries both signatures.">
              <Input id="grace-hours" type="number" min={0} max={720} step="any" value={graceHours} onChange={(e) => { setGraceHours(e.target.value); form.recheck('graceHours', toGrace(e.target.value)); }} invalid={Boolean(form.errors.graceHours)} className="w-32" autoFocus />
            </Field>
            <div className="flex gap-2">
              <Button type="submit" variant="primary" size="sm" loading={rotate.isPending}>Rotate secret</Button>
              <Button size="sm" onClick={() => setRotating(false)}>Cancel</Button>
            </div>
          </form>
        )}

        {ed25519 ? (
          <PublicKeyList keys={publicKeys.data} createdAt={current?.createdAt} />
        ) : current ? (
          <div>
            <div className="mb-1.5 flex items-center gap-2 text-xs text-slate-500">
              <Badge tone="green">Current</Badge> created <RelativeTime iso={current.createdAt} />
            </div>
            <div className="flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200" data-testid="current-secret">
                {revealed?.secret ?? MASK}
              </code>
              {revealed ? (
                <>
                  <CopyButton value={revealed.secret ?? ''} label="Copy secret" />
                  <Button size="sm" variant="ghost" onClick={() => setRevealed(null)}>Hide</Button>
                </>
              ) : (
                <Button size="sm" onClick={() => reveal.mutate()} loading={reveal.isPending}>Reveal</Button>
              )}
            </div>
            {reveal.isError && <p className="mt-1.5 text-xs text-rose-600">{reveal.error.message}</p>}
          </div>
        ) : (
          <p className="text-sm text-slate-500">No current secret.</p>
        )}

        {!ed25519 && previous.length > 0 && (
          <div>
            <h3 className="mb-1.5 text-xs font-medium tracking-wide text-slate-500 uppercase">Still valid, rotated out</h3>
            <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" data-testid="previous-secrets">
              {previous.map((v) => (
                <li key={v.id} className="flex items-center gap-2 px-2.5 py-2 text-xs">
                  <code className="min-w-0 flex-1 truncate font-mono text-slate-600">{previousValue(v) ?? MASK}</code>
                  <span className="shrink-0 text-slate-500">
                    expires <RelativeTime iso={v.expiresAt} />
                  </span>
                  {previousValue(v) && <CopyButton value={previousValue(v)!} />}
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
