import { cn } from './cn';
import { CopyButton } from './copy-button';

/** Pretty-prints JSON when the text is JSON; shows it verbatim otherwise. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function CodeBlock({ text, label, className, maxHeight = 'max-h-96', testId }: { text: string; label?: string; className?: string; maxHeight?: string; testId?: string }) {
  return (
    <div className={cn('group relative rounded-md border border-slate-200 bg-slate-50', className)}>
      <div className="absolute top-2 right-2 opacity-0 transition-opacity group-focus-within:opacity-100 group-hover:opacity-100">
        <CopyButton value={text} label={label ? `Copy ${label}` : 'Copy'} />
      </div>
      <pre data-testid={testId} className={cn('overflow-auto p-3 font-mono text-xs leading-relaxed text-slate-800', maxHeight)}>
        {text}
      </pre>
    </div>
  );
}

/** HTTP headers as a two-column list. */
export function HeaderList({ headers }: { headers: Record<string, unknown> | null | undefined }) {
  const entries = Object.entries(headers ?? {});
  if (entries.length === 0) return <p className="text-xs text-slate-500">No headers recorded.</p>;
  return (
    <dl className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-slate-50 font-mono text-xs">
      {entries.map(([name, value]) => (
        <div key={name} className="grid grid-cols-[10rem_1fr] gap-3 px-3 py-1.5">
          <dt className="truncate text-slate-500">{name}</dt>
          <dd className="break-all text-slate-800">{String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
