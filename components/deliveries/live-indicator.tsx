'use client';
import { useEffect, useState } from 'react';

/** "Live" with a pulse while polling works; says so when it doesn't. */
export function LiveIndicator({ updatedAt, fetching, error }: { updatedAt: number; fetching: boolean; error: boolean }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 5_000);
    return () => clearInterval(timer);
  }, []);
  if (error) return <span className="text-xs text-rose-600">Updates paused — retrying…</span>;
  const seconds = updatedAt ? Math.max(0, Math.round((Date.now() - updatedAt) / 1000)) : null;
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" title={seconds === null ? undefined : `Updated ${seconds}s ago`}>
      <span className="relative flex size-2">
        <span className={`absolute inline-flex size-full rounded-full bg-emerald-400 opacity-60 ${fetching ? 'animate-ping' : ''}`} />
        <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
      </span>
      Live
    </span>
  );
}
