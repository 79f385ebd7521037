'use client';
// Where a payload or a response body was: when retention (lib/retention) removed it, and
// how long this installation keeps them.
import { formatRetentionPeriod } from '@/lib/retention/format-retention-period';
import { AbsoluteTime } from '../ui/time';

export function PurgedNotice({ what, purgedAt, periodMs, testId }: { what: string; purgedAt: string; periodMs: number | null; testId?: string }) {
  return (
    <p className="rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-2.5 text-xs text-slate-600" data-testid={testId}>
      {what} removed on <AbsoluteTime iso={purgedAt} /> (retention: {formatRetentionPeriod(periodMs)}).
    </p>
  );
}
