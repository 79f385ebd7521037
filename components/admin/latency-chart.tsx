'use client';
// Latency per minute over the last hour, on a log scale (a 5 ms median and a 15 s
// timeout both stay readable): the attempts' median and 95th percentile duration (how
// fast endpoints answer) and the canary's accepted-to-received time (how long the whole
// path takes: queue, worker, signing, HTTP). From the Operations page's poll.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MinutePoint } from '@/lib/operations/attempt-throughput';
import type { CanaryMinute } from '@/lib/operations/canary-summary';
import { formatLatency } from './format';

const COLORS = { p50: '#6366f1', p95: '#f59e0b', canary: '#10b981' };
const NAMES: Record<string, string> = { p50: 'Attempt p50', p95: 'Attempt p95', canary: 'Canary, accepted → received' };

const minuteLabel = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
// A log axis has no zero: a sub-millisecond minute sits on the 1 ms line.
const atLeast1 = (ms: number | null) => (ms === null ? null : Math.max(1, ms));

/** 1, 10, 100, … up to the first power of ten at or above `max` (at least 1 s). */
function decades(max: number): number[] {
  const ticks = [1];
  while (ticks[ticks.length - 1]! < Math.max(max, 1_000)) ticks.push(ticks[ticks.length - 1]! * 10);
  return ticks;
}

export function LatencyChart({ attempts, canary }: { attempts: MinutePoint[]; canary: CanaryMinute[] }) {
  const canaryByMinute = new Map(canary.map((c) => [c.minute, c.latencyMs]));
  const data = attempts.map((p) => ({ minute: p.minute, p50: atLeast1(p.p50Ms), p95: atLeast1(p.p95Ms), canary: atLeast1(canaryByMinute.get(p.minute) ?? null) }));
  const empty = data.every((d) => d.p50 === null && d.canary === null);
  const ticks = decades(Math.max(1, ...data.flatMap((d) => [d.p95 ?? 0, d.p50 ?? 0, d.canary ?? 0])));
  return (
    <div className="relative h-full min-h-64 px-2 pt-4 pb-2" data-testid="latency-chart">
      {empty && <p className="pointer-events-none absolute inset-0 flex items-center justify-center pb-8 text-sm text-slate-400">No attempts in the last hour</p>}
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#f1f5f9" />
          <XAxis dataKey="minute" tickFormatter={minuteLabel} tick={{ fontSize: 11, fill: '#94a3b8' }} axisLine={false} tickLine={false} minTickGap={32} />
          <YAxis
            scale="log"
            domain={[1, ticks[ticks.length - 1]!]}
            ticks={ticks}
            tickFormatter={(ms: number) => formatLatency(ms)}
            tick={{ fontSize: 11, fill: '#94a3b8' }}
            axisLine={false}
            tickLine={false}
            width={60}
          />
          <Tooltip
            labelFormatter={(label) => minuteLabel(String(label))}
            formatter={(value, name) => [formatLatency(typeof value === 'number' ? value : null), NAMES[String(name)] ?? String(name)]}
            contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: '#e2e8f0', boxShadow: '0 4px 12px rgb(15 23 42 / 0.08)' }}
          />
          <Legend iconType="circle" iconSize={8} itemSorter={null} formatter={(name) => NAMES[String(name)] ?? String(name)} wrapperStyle={{ fontSize: 12, color: '#475569' }} />
          {(['p50', 'p95', 'canary'] as const).map((key) => (
            <Line key={key} dataKey={key} name={key} type="monotone" stroke={COLORS[key]} strokeWidth={key === 'canary' ? 2 : 1.5} dot={{ r: 1.5, strokeWidth: 0, fill: COLORS[key] }} activeDot={{ r: 3 }} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
