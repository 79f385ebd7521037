import { cn } from './cn';

const CONTROL =
  'block rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500';
const INVALID = 'ring-rose-400 focus:ring-rose-500';

export function Field({ label, htmlFor, error, hint, children, className }: { label: string; htmlFor: string; error?: string; hint?: React.ReactNode; children: React.ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1.5">{children}</div>
      {error ? (
        <p id={`${htmlFor}-error`} className="mt-1.5 text-xs text-rose-600" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p id={`${htmlFor}-hint`} className="mt-1.5 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type Invalid = { invalid?: boolean };

// Full width unless the caller gives a width (no class merging here, so never both).
const width = (className?: string) => (/(^|\s)(w-|max-w-)/.test(className ?? '') ? '' : 'w-full');

export function Input({ className, invalid, ...props }: React.ComponentProps<'input'> & Invalid) {
  return (
    <input
      className={cn(CONTROL, width(className), invalid && INVALID, className)}
      aria-invalid={invalid || undefined}
      aria-describedby={props.id ? (invalid ? `${props.id}-error` : `${props.id}-hint`) : undefined}
      {...props}
    />
  );
}

export function Textarea({ className, invalid, ...props }: React.ComponentProps<'textarea'> & Invalid) {
  return <textarea className={cn(CONTROL, width(className), invalid && INVALID, className)} aria-invalid={invalid || undefined} {...props} />;
}

export function Select({ className, invalid, ...props }: React.ComponentProps<'select'> & Invalid) {
  return <select className={cn(CONTROL, width(className), 'pr-8', invalid && INVALID, className)} aria-invalid={invalid || undefined} {...props} />;
}

/** A checkbox with its label beside it and a hint under the label (Space toggles it). */
export function Checkbox({ id, label, hint, className, ...props }: Omit<React.ComponentProps<'input'>, 'type'> & { id: string; label: string; hint?: React.ReactNode }) {
  return (
    <div className={cn('flex gap-3', className)}>
      <div className="flex h-5 items-center">
        <input
          id={id}
          type="checkbox"
          className="size-4 cursor-pointer rounded accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          aria-describedby={hint ? `${id}-hint` : undefined}
          {...props}
        />
      </div>
      <div className="text-sm">
        <label htmlFor={id} className="cursor-pointer font-medium text-slate-800">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
