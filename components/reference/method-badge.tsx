import { cn } from '../ui/cn';

const TONES: Record<string, string> = {
  GET: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  POST: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  PATCH: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  PUT: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  DELETE: 'bg-rose-50 text-rose-700 ring-rose-600/20',
};

export function MethodBadge({ method, className }: { method: string; className?: string }) {
  return (
    <span className={cn('inline-flex w-14 shrink-0 justify-center rounded-md py-0.5 font-mono text-[11px] font-semibold ring-1 ring-inset', TONES[method] ?? TONES.GET, className)}>
      {method}
    </span>
  );
}

/** A path with its {parameters} picked out. */
export function PathText({ path }: { path: string }) {
  return (
    <span className="font-mono text-sm break-all text-slate-900">
      {path.split(/(\{[^}]+\})/g).map((part, i) => (part.startsWith('{') ? <span key={i} className="text-indigo-600">{part}</span> : part))}
    </span>
  );
}
