'use client';
import { Button } from './button';

/** What error.tsx shows when a page fails on the server: the digest to quote, and a retry. */
export function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-center justify-center rounded-lg border border-slate-200 bg-white px-6 py-16 text-center shadow-xs">
      <p className="text-sm font-semibold text-rose-600">Something went wrong</p>
      <h1 className="mt-2 text-lg font-semibold text-slate-900">This page could not be loaded</h1>
      <p className="mt-1 max-w-md text-sm text-slate-500">
        The server hit an error. Try again; if it keeps happening, give your operator this reference
        {error.digest ? <> : <code className="font-mono text-xs">{error.digest}</code></> : '.'}
      </p>
      <Button className="mt-6" variant="primary" onClick={reset}>Try again</Button>
    </div>
  );
}
