// The document's descriptions use a little Markdown: `code` and **bold**. Rendered as
// such, everything else as plain text (never as HTML).
import { Fragment } from 'react';

export function InlineText({ text }: { text: string | undefined }) {
  if (!text) return null;
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
            {part.slice(1, -1)}
          </code>
        ) : part.startsWith('**') && part.endsWith('**') && part.length > 3 ? (
          <strong key={i} className="font-semibold text-slate-900">
            {part.slice(2, -2)}
          </strong>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** Paragraphs separated by blank lines. */
export function Paragraphs({ text, className }: { text: string | undefined; className?: string }) {
  if (!text) return null;
  return (
    <div className={className}>
      {text.split(/\n{2,}/).map((p, i) => (
        <p key={i} className="mt-2 first:mt-0">
          <InlineText text={p} />
        </p>
      ))}
    </div>
  );
}
