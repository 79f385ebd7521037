'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { DeliveryRow } from '@/lib/dashboard/list-delivery-rows';
import { HttpStatus, StatusBadge } from '../ui/badge';
import { RelativeTime } from '../ui/time';

/** Deliveries as rows; the whole row opens the delivery, the id is the keyboard-reachable link. */
/** `compact` (narrow cards) folds the endpoint under the event and drops the attempt count. */
export function DeliveriesTable({ tenantId, rows, showEndpoint = true, compact = false }: { tenantId: string; rows: DeliveryRow[]; showEndpoint?: boolean; compact?: boolean }) {
  const router = useRouter();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="deliveries-table">
        <thead className="border-b border-slate-200 bg-slate-50/60 text-xs font-medium text-slate-500">
          <tr className="whitespace-nowrap">
            <th scope="col" className="py-2.5 pr-3 pl-5 font-medium">Status</th>
            <th scope="col" className="px-3 py-2.5 font-medium">Event</th>
            {showEndpoint && !compact && <th scope="col" className="px-3 py-2.5 font-medium">Endpoint</th>}
            {!compact && <th scope="col" className="px-3 py-2.5 text-right font-medium">Attempts</th>}
            <th scope="col" className="px-3 py-2.5 font-medium">Last response</th>
            <th scope="col" className="py-2.5 pr-5 pl-3 text-right font-medium">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const href = `/t/${tenantId}/deliveries/${row.id}`;
            return (
              <tr key={row.id} className="cursor-pointer hover:bg-slate-50" onClick={() => router.push(href)} data-delivery-id={row.id}>
                <td className="py-3 pr-3 pl-5">
                  <StatusBadge status={row.status} />
                </td>
                <td className="max-w-xs px-3 py-3">
                  <Link href={href} className="font-medium text-slate-900 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600" onClick={(e) => e.stopPropagation()}>
                    {row.eventType}
                  </Link>
                  <div className="mt-0.5 truncate font-mono text-xs text-slate-500">{compact && showEndpoint ? row.endpointUrl : row.eventId}</div>
                </td>
                {showEndpoint && !compact && (
                  <td className="max-w-[16rem] px-3 py-3">
                    <div className="truncate font-mono text-xs text-slate-600" title={row.endpointUrl}>
                      {row.endpointUrl}
                    </div>
                  </td>
                )}
                {!compact && <td className="px-3 py-3 text-right text-slate-700 tabular-nums">{row.attemptCount}</td>}
                <td className="px-3 py-3">
                  {row.attemptCount === 0 ? (
                    <span className="text-slate-400">—</span>
                  ) : (
                    <div className="flex items-center gap-2">
                      <HttpStatus code={row.lastStatusCode} title={row.lastError} />
                      {row.status === 'retrying' && row.nextAttemptAt && (
                        <span className="text-xs text-slate-500">
                          next <RelativeTime iso={row.nextAttemptAt} />
                        </span>
                      )}
                    </div>
                  )}
                </td>
                <td className="py-3 pr-5 pl-3 text-right whitespace-nowrap text-slate-500">
                  <RelativeTime iso={row.createdAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
