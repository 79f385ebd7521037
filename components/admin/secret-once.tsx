'use client';
import { CopyButton } from '../ui/copy-button';

/** A credential shown exactly once, right after it was made. */
export function SecretOnce({ title, value, note, testId }: { title: string; value: string; note: string; testId?: string }) {
  return (
    <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3" role="status">
      <p className="text-sm font-medium text-emerald-900">{title}</p>
      <p className="mt-0.5 text-xs text-emerald-800">{note}</p>
      <div className="mt-2 flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-emerald-200" data-testid={testId}>
          {value}
        </code>
        <CopyButton value={value} />
      </div>
    </div>
  );
}
