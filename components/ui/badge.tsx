import { cn } from './cn';

export type Tone = 'green' | 'amber' | 'red' | 'gray' | 'blue' | 'indigo';

const TONES: Record<Tone, { box: string; dot: string }> = {
  green: { box: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20', dot: 'bg-emerald-500' },
  amber: { box: 'bg-amber-50 text-amber-800 ring-amber-600/25', dot: 'bg-amber-500' },
  red: { box: 'bg-rose-50 text-rose-700 ring-rose-600/20', dot: 'bg-rose-500' },
  gray: { box: 'bg-slate-50 text-slate-600 ring-slate-500/20', dot: 'bg-slate-400' },
  blue: { box: 'bg-sky-50 text-sky-700 ring-sky-600/20', dot: 'bg-sky-500' },
  indigo: { box: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20', dot: 'bg-indigo-500' },
};

export function Badge({ tone = 'gray', dot, children, className }: { tone?: Tone; dot?: boolean; children: React.ReactNode; className?: string }) {
  const t = TONES[tone];
  return (
    <span className={cn('inline-flex items-center gap-1.5 rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset', t.box, className)}>
      {dot && <span className={cn('size-1.5 rounded-full', t.dot)} aria-hidden="true" />}
      {children}
    </span>
  );
}

const STATUS: Record<string, { tone: Tone; label: string }> = {
  succeeded: { tone: 'green', label: 'Succeeded' },
  retrying: { tone: 'amber', label: 'Retrying' },
  failed: { tone: 'red', label: 'Failed' },
  pending: { tone: 'blue', label: 'Pending' },
};

/** A delivery's status: succeeded / retrying (failing, more attempts to come) / failed / pending. */
export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { tone: 'gray' as const, label: status };
  return (
    <Badge tone={s.tone} dot>
      <span data-testid="status">{s.label}</span>
    </Badge>
  );
}

/** A short name for a delivery's last error when no HTTP status came back (lib/delivery/classify-error.ts). */
export function shortError(message: string | null | undefined): string {
  if (!message) return 'no response';
  if (/endpoint disabled/i.test(message)) return 'endpoint disabled';
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/timeout|timed out|ETIMEDOUT/i.test(message)) return 'timeout';
  if (/ENOTFOUND|EAI_/.test(message)) return 'dns';
  if (/ECONNRESET|EPIPE|socket/i.test(message)) return 'connection reset';
  if (/not allowed|blocked/i.test(message)) return 'blocked address';
  return 'no response';
}

/** An HTTP status code, coloured by class; null (no answer) shows the error class instead. */
export function HttpStatus({ code, errorClass, title }: { code: number | null; errorClass?: string | null; title?: string | null }) {
  if (code === null) {
    return (
      <span title={title ?? undefined}>
        <Badge tone="red">{errorClass ? errorClass.replaceAll('_', ' ') : shortError(title)}</Badge>
      </span>
    );
  }
  const tone: Tone = code >= 200 && code < 300 ? 'green' : code >= 500 || code === 429 ? 'red' : 'amber';
  return <Badge tone={tone} className="font-mono">{code}</Badge>;
}
