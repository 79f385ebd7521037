'use client';
// Deliveries per hour by outcome (stacked bars) and attempt latency p95 (line, right axis).
import { useQuery } from '@tanstack/react-query';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HourlyPoint } from '@/lib/dashboard/hourly-stats';
import { fetchJson, tenantApi } from '../data/fetch-json';
import { Card, CardHeader } from '../ui/card';
import { ErrorState, Skeleton } from '../ui/states';

const COLORS = { succeeded: '#10b981', retrying: '#f59e0b', failed: '#f43f5e', pending: '#38bdf8', latency: '#6366f1' };

const hourLabel = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

export function HourlyChart({ tenantId, endpointId, initial, title = 'Deliveries per hour' }: { tenantId: string; endpointId?: string; initial?: HourlyPoint[]; title?: string }) {
  const qs = new URLSearchParams({ hours: '24', ...(endpointId ? { endpointId } : {}) });
  const query = useQuery({
    queryKey: ['stats', tenantId, endpointId ?? null],
    queryFn: ({ signal }) => fetchJson<HourlyPoint[]>(tenantApi(tenantId, `/stats?${qs}`), { signal }),
    initialData: initial,
    refetchInterval: 30_000,
  });
  const data = query.data;
  const total = data?.reduce((sum, p) => sum + p.succeeded + p.failed + p.retrying + p.pending, 0) ?? 0;
  return (
    <Card>
      <CardHeader title={title} description={`Last 24 hours · ${total.toLocaleString('en')} ${total === 1 ? 'delivery' : 'deliveries'} by outcome, with p95 attempt latency`} />
      <div className="relative h-64 px-2 pt-4 pb-2" data-testid="hourly-chart">
        {data && total === 0 && (
          <p className="pointer-events-none absolute inset-0 flex items-center justify-center pb-8 text-sm text-slate-400">No deliveries in the last 24 hours</p>
        )}
        {query.isError && !data ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : !data ? (
          <Skeleton className="mx-4 h-52" />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid vertical={false} stroke="#f1f5f9" />
              <XAxis dataKey="hour" tickFormatter={hourLabel} tick={{ fontSize: 11, fill: '#94a3b8' }} axisLine={false} tickLine={false} minTickGap={24} />
              <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 11, fill: '#94a3b8' }} axisLine={false} tickLine={false} width={36} />
              <YAxis yAxisId="ms" orientation="right" tick={{ fontSize: 11, fill: '#94a3b8' }} axisLine={false} tickLine={false} width={56} tickFormatter={(v: number) => `${v} ms`} />
              <Tooltip
                labelFormatter={(label) => hourLabel(String(label))}
                contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: '#e2e8f0', boxShadow: '0 4px 12px rgb(15 23 42 / 0.08)' }}
                cursor={{ fill: '#f8fafc' }}
              />
              <Legend iconType="circle" iconSize={8} itemSorter={null} wrapperStyle={{ fontSize: 12, color: '#475569' }} />
              <Bar yAxisId="count" dataKey="succeeded" name="Succeeded" stackId="d" fill={COLORS.succeeded} maxBarSize={22} />
              <Bar yAxisId="count" dataKey="retrying" name="Retrying" stackId="d" fill={COLORS.retrying} maxBarSize={22} />
              <Bar yAxisId="count" dataKey="failed" name="Failed" stackId="d" fill={COLORS.failed} maxBarSize={22} />
              <Bar yAxisId="count" dataKey="pending" name="Pending" stackId="d" fill={COLORS.pending} maxBarSize={22} radius={[3, 3, 0, 0]} />
              <Line yAxisId="ms" dataKey="p95Ms" name="p95 latency" type="monotone" stroke={COLORS.latency} strokeWidth={2} dot={{ r: 2.5, strokeWidth: 0, fill: COLORS.latency }} activeDot={{ r: 4 }} connectNulls />
            </ComposedChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}
