'use client';
// Attempts per minute over the last hour, stacked by outcome. The data comes from the
// Operations page's poll; no animation, so a refresh every 5 s does not make bars jump.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MinutePoint } from '@/lib/operations/attempt-throughput';

const COLORS = { succeeded: '#10b981', failed: '#f43f5e' };

const minuteLabel = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

export function ThroughputChart({ data }: { data: MinutePoint[] }) {
  const total = data.reduce((sum, p) => sum + p.succeeded + p.failed, 0);
  return (
    <div className="relative h-64 px-2 pt-4 pb-2" data-testid="throughput-chart">
      {total === 0 && <p className="pointer-events-none absolute inset-0 flex items-center justify-center pb-8 text-sm text-slate-400">No attempts in the last hour</p>}
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }} barCategoryGap={1}>
          <CartesianGrid vertical={false} stroke="#f1f5f9" />
          <XAxis dataKey="minute" tickFormatter={minuteLabel} tick={{ fontSize: 11, fill: '#94a3b8' }} axisLine={false} tickLine={false} minTickGap={32} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#94a3b8' }} axisLine={false} tickLine={false} width={36} />
          <Tooltip
            labelFormatter={(label) => minuteLabel(String(label))}
            contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: '#e2e8f0', boxShadow: '0 4px 12px rgb(15 23 42 / 0.08)' }}
            cursor={{ fill: '#f8fafc' }}
          />
          <Legend iconType="circle" iconSize={8} itemSorter={null} wrapperStyle={{ fontSize: 12, color: '#475569' }} />
          <Bar dataKey="succeeded" name="Succeeded" stackId="a" fill={COLORS.succeeded} maxBarSize={14} isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="a" fill={COLORS.failed} maxBarSize={14} radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
