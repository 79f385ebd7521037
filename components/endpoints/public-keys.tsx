'use client';
// An Ed25519 endpoint's verification keys: public, so shown in full and copyable at once.
// The private keys that sign stay encrypted in the database; nothing here can sign.
import { Badge } from '../ui/badge';
import { CopyButton } from '../ui/copy-button';
import { Skeleton } from '../ui/states';
import { RelativeTime } from '../ui/time';

export type PublicKeys = { scheme: 'ed25519'; publicKey: string | null; previous: { publicKey: string; createdAt: string; expiresAt: string | null }[] };

export function PublicKeyList({ keys, createdAt }: { keys: PublicKeys | undefined; createdAt: string | undefined }) {
  if (!keys) return <Skeleton className="h-8 w-full" />;
  return (
    <div className="space-y-4">
      {keys.publicKey ? (
        <div>
          <div className="mb-1.5 flex items-center gap-2 text-xs text-slate-500">
            <Badge tone="green">Current</Badge> public key{createdAt && <>, created <RelativeTime iso={createdAt} /></>}
          </div>
          <div className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200" data-testid="current-public-key">
              {keys.publicKey}
            </code>
            <CopyButton value={keys.publicKey} label="Copy public key" />
          </div>
        </div>
      ) : (
        <p className="text-sm text-slate-500">No current key.</p>
      )}
      {keys.previous.length > 0 && (
        <div>
          <h3 className="mb-1.5 text-xs font-medium tracking-wide text-slate-500 uppercase">Still signing, rotated out</h3>
          <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" data-testid="previous-public-keys">
            {keys.previous.map((k) => (
              <li key={k.publicKey} className="flex items-center gap-2 px-2.5 py-2 text-xs">
                <code className="min-w-0 flex-1 truncate font-mono text-slate-600">{k.publicKey}</code>
                <span className="shrink-0 text-slate-500">expires <RelativeTime iso={k.expiresAt} /></span>
                <CopyButton value={k.publicKey} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="text-xs text-slate-500">
        Each webhook carries <code className="font-mono">v1a,&lt;signature&gt;</code> in <code className="font-mono">webhook-signature</code>: an Ed25519
        signature of <code className="font-mono">webhook-id.webhook-timestamp.body</code> (the raw body). Strip <code className="font-mono">whpk_</code>, base64-decode
        the 32-byte key and verify with any Ed25519 library (Standard Webhooks&apos; Go library takes the key as is). During a rotation each valid key adds its own
        entry; accept the webhook when any entry verifies.
      </p>
    </div>
  );
}
