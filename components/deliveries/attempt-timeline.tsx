'use client';
import type { DeliveryDetail } from '@/lib/dashboard/delivery-detail';
import { Badge, HttpStatus } from '../ui/badge';
import { cn } from '../ui/cn';
import { CodeBlock, HeaderList, prettyJson } from '../ui/code-block';
import { Spinner } from '../ui/spinner';
import { EmptyState } from '../ui/states';
import { AbsoluteTime, formatDuration, RelativeTime } from '../ui/time';
import { PurgedNotice } from './purged-notice';

type Attempt = DeliveryDetail['attempts'][number];

export function AttemptTimeline({ attempts, pending, retentionPeriodMs = null }: { attempts: Attempt[]; pending: boolean; retentionPeriodMs?: number | null }) {
  const newestFirst = [...attempts].reverse();
  if (attempts.length === 0 && !pending) return <EmptyState title="No attempts yet" description="The first attempt is made as soon as a worker picks the delivery up." />;
  return (
    <ol className="relative px-5 py-4" data-testid="attempts">
      {pending && (
        <li className="relative flex items-center gap-3 pb-5 pl-7 text-sm text-slate-500" data-testid="attempt-pending">
          <span className="absolute top-0.5 left-0 flex size-4 items-center justify-center text-indigo-500"><Spinner className="size-4" /></span>
          Attempt {attempts.length + 1} is on its way…
        </li>
      )}
      {newestFirst.map((attempt, i) => (
        <AttemptItem key={attempt.id} attempt={attempt} open={i === 0} last={i === newestFirst.length - 1} retentionPeriodMs={retentionPeriodMs} />
      ))}
    </ol>
  );
}

function AttemptItem({ attempt, open, last, retentionPeriodMs }: { attempt: Attempt; open: boolean; last: boolean; retentionPeriodMs: number | null }) {
  return (
    <li className="relative pb-5 pl-7 last:pb-0" data-testid="attempt" data-attempt-number={attempt.number} data-succeeded={attempt.succeeded}>
      {!last && <span className="absolute top-5 bottom-0 left-[7px] w-px bg-slate-200" aria-hidden="true" />}
      <span className={cn('absolute top-1 left-0 size-[15px] rounded-full border-[3px] border-white ring-1', attempt.succeeded ? 'bg-emerald-500 ring-emerald-200' : 'bg-rose-500 ring-rose-200')} aria-hidden="true" />
      <details open={open} className="group">
        <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 rounded-md text-sm focus-visible:outline-2 focus-visible:outline-indigo-600 [&::-webkit-details-marker]:hidden">
          <span className="font-medium text-slate-900">Attempt {attempt.number}</span>
          <HttpStatus code={attempt.statusCode} errorClass={attempt.errorClass} />
          {attempt.trigger === 'manual' && <Badge tone="indigo">manual</Badge>}
          <span className="text-slate-500 tabular-nums">{formatDuration(attempt.durationMs)}</span>
          <span className="text-slate-400">·</span>
          <RelativeTime iso={attempt.startedAt} className="text-slate-500" />
          <svg viewBox="0 0 20 20" fill="currentColor" className="ml-auto size-4 text-slate-400 transition-transform group-open:rotate-180" aria-hidden="true">
            <path fillRule="evenodd" d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z" />
          </svg>
        </summary>
        <div className="mt-3 space-y-4">
          {attempt.errorMessage && (
            <p className="rounded-md bg-rose-50 px-3 py-2 text-xs text-rose-800">
              <span className="font-medium">{attempt.errorClass?.replaceAll('_', ' ') ?? 'error'}:</span> {attempt.errorMessage}
            </p>
          )}
          <Section title="Response body">
            {attempt.bodyPurgedAt ? (
              <PurgedNotice what="Response body" purgedAt={attempt.bodyPurgedAt} periodMs={retentionPeriodMs} testId="response-body-purged" />
            ) : attempt.responseBody ? (
              <CodeBlock text={prettyJson(attempt.responseBody)} label="response body" maxHeight="max-h-64" testId="response-body" />
            ) : (
              <p className="text-xs text-slate-500">{attempt.statusCode === null ? 'No response: the request did not complete.' : 'Empty body.'}</p>
            )}
          </Section>
          <Section title="Response headers">
            <HeaderList headers={attempt.responseHeaders as Record<string, unknown> | null} />
          </Section>
          <Section title="Request headers">
            <HeaderList headers={attempt.requestHeaders as Record<string, unknown>} />
          </Section>
          <p className="text-xs text-slate-400">
            Started <AbsoluteTime iso={attempt.startedAt} /> · {attempt.id}
          </p>
        </div>
      </details>
    </li>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <h3 className="mb-1.5 text-xs font-medium tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </div>
  );
}
