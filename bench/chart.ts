// The results page: one self-contained HTML file with inline SVG charts (no scripts, no
// CDN), readable offline and in a code review.
//  - latency distributions as percentile curves: x = percentile on a "nines" scale
//    (p50, p90, p99, p99.9, …), y = milliseconds on a log scale — tails stay visible;
//  - the drains' deliveries per second over time.
import { hostFigures } from './cpu.ts';
import type { Results } from './report.ts';
import type { Latency } from './stats.ts';

type Series = { name: string; points: [number, number][]; dashed?: boolean; color?: string };
type Axis = { kind: 'nines' | 'linear' | 'log'; label: string };

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];
const W = 760;
const H = 340;
const M = { top: 20, right: 200, bottom: 46, left: 64 };

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NINES_MAX = 4.6; // where "max" sits, past p99.99
const nines = (p: number) => (p >= 100 ? NINES_MAX : Math.min(NINES_MAX - 0.3, -Math.log10(1 - p / 100)));

function niceLogTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min * 0.999 && v <= max * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

function niceLinearTicks(max: number): number[] {
  const rough = max / 5;
  const step = [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(rough))).find((s) => s >= rough) ?? rough;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
}

function lineChart(title: string, series: Series[], x: Axis, y: Axis): string {
  const drawn = series.filter((s) => s.points.length > 0);
  if (drawn.length === 0) return '';
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const xs = drawn.flatMap((s) => s.points.map(([px]) => (x.kind === 'nines' ? nines(px) : px)));
  const ys = drawn.flatMap((s) => s.points.map(([, py]) => py));
  const xMin = x.kind === 'nines' ? 0 : Math.min(...xs);
  const xMax = x.kind === 'nines' ? NINES_MAX : Math.max(...xs, xMin + 1);
  let yMin: number;
  let yMax: number;
  let yTicks: number[];
  if (y.kind === 'log') {
    yMin = 10 ** Math.floor(Math.log10(Math.max(0.1, Math.min(...ys.filter((v) => v > 0), 1))));
    yMax = 10 ** Math.ceil(Math.log10(Math.max(...ys, yMin * 10)));
    yTicks = niceLogTicks(yMin, yMax);
  } else {
    yMin = 0;
    yTicks = niceLinearTicks(Math.max(...ys, 1) * 1.05);
    yMax = Math.max(yTicks.at(-1)!, Math.max(...ys, 1) * 1.05);
  }
  const sx = (v: number) => M.left + ((v - xMin) / (xMax - xMin)) * pw;
  const sy = (v: number) =>
    y.kind === 'log'
      ? M.top + ph - ((Math.log10(Math.max(v, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph
      : M.top + ph - ((v - yMin) / (yMax - yMin)) * ph;
  const xTicks: [number, string][] =
    x.kind === 'nines'
      ? [[0, 'p0'], [nines(50), 'p50'], [1, 'p90'], [2, 'p99'], [3, 'p99.9'], [4, 'p99.99'], [NINES_MAX, 'max']]
      : niceLinearTicks(xMax).map((v) => [v, String(v)]);
  const parts: string[] = [];
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="#fff" stroke="#d1d5db"/>`);
  for (const t of yTicks) {
    parts.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eef0f3"/>`);
    parts.push(`<text x="${M.left - 6}" y="${sy(t) + 4}" text-anchor="end">${t >= 1000 ? `${t / 1000}k` : t}</text>`);
  }
  for (const [v, label] of xTicks) {
    parts.push(`<line x1="${sx(v)}" x2="${sx(v)}" y1="${M.top}" y2="${M.top + ph}" stroke="#eef0f3"/>`);
    parts.push(`<text x="${sx(v)}" y="${M.top + ph + 16}" text-anchor="middle">${label}</text>`);
  }
  parts.push(`<text x="${M.left + pw / 2}" y="${H - 8}" text-anchor="middle" class="axis">${esc(x.label)}</text>`);
  parts.push(`<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" class="axis">${esc(y.label)}</text>`);
  drawn.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length]!;
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    const d = s.points.map(([px, py], j) => `${j ? 'L' : 'M'}${sx(x.kind === 'nines' ? nines(px) : px).toFixed(1)},${sy(py).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    if (x.kind === 'nines') for (const [px, py] of s.points) parts.push(`<circle cx="${sx(nines(px)).toFixed(1)}" cy="${sy(py).toFixed(1)}" r="2.5" fill="${color}"><title>${esc(s.name)}: p${px} = ${py} ms</title></circle>`);
    const ly = M.top + 8 + i * 18;
    parts.push(`<line x1="${W - M.right + 12}" x2="${W - M.right + 30}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"${dash}/>`);
    parts.push(`<text x="${W - M.right + 36}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="11">${parts.join('')}</svg></figure>`;
}

const curve = (name: string, latency: Latency | undefined): Series => ({ name, points: latency && latency.count > 0 ? latency.curve : [] });

export function chartPage(r: Results): string {
  const runs = [...r.e2e.map((e) => ({ name: `${e.rate} events/s`, e })), ...(r.isolation ? [{ name: `isolation ${r.isolation.rate}/s`, e: r.isolation }] : [])];
  const latencyChart = lineChart(
    'End to end: the API\'s 202 → the receiver gets the first attempt, healthy endpoints (dashed: from the request being sent; values below the axis, negative ones included, sit on it)',
    [
      ...runs.map(({ name, e }, i) => ({ ...curve(name, e.latency), color: COLORS[i] })),
      ...runs.map(({ name, e }, i) => ({ ...curve(`${name}, from request`, e.fromRequest), color: COLORS[i], dashed: true })),
    ],
    { kind: 'nines', label: 'percentile' },
    { kind: 'log', label: 'ms (log scale)' },
  );
  const apiChart = lineChart(
    'API answer time: POST /api/v1/events (and the bare receiver)',
    [
      curve(`ingest, ${r.ingest?.connections ?? ''} conns`, r.ingest?.latency),
      curve(`ingest batches of ${r.ingestBatch?.batchSize ?? ''}`, r.ingestBatch?.latency),
      ...r.e2e.map((e) => curve(`API at ${e.rate}/s`, e.apiLatency)),
      curve(`API, isolation ${r.isolation?.rate ?? ''}/s`, r.isolation?.apiLatency),
      curve(`receiver ceiling`, r.ceiling?.latency),
    ],
    { kind: 'nines', label: 'percentile' },
    { kind: 'log', label: 'ms (log scale)' },
  );
  const drainChart = lineChart(
    'Drain: webhooks reaching the receiver per second',
    [
      { name: 'Hookline, empty tables', points: r.drain?.timeline ?? [] },
      { name: `Hookline, ${Math.round((r.growth?.historyRows ?? 0) / 1000)}k old events`, points: r.growth?.timeline ?? [] },
      { name: 'bare graphile-worker', points: r.baseline?.timeline ?? [] },
      { name: 'baseline, after growth', points: r.growthBaseline?.timeline ?? [] },
    ],
    { kind: 'linear', label: 'seconds since the first delivery' },
    { kind: 'linear', label: 'deliveries / s' },
  );
  const rows = r.table
    .map((row) => `<tr><td>${esc(row.scenario)}</td><td>${esc(row.figure)}</td><td>${esc(row.target)}</td><td class="${row.met === null ? '' : row.met ? 'met' : 'missed'}">${row.met === null ? '' : row.met ? 'yes' : 'no'}</td></tr>`)
    .join('\n');
  const m = r.machine;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hookline bench ${esc(r.date)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 980px; color: #111827; padding: 0 1rem; }
table { border-collapse: collapse; margin: 1rem 0; } td, th { border-bottom: 1px solid #e5e7eb; padding: .3rem .6rem; text-align: left; vertical-align: top; }
td.met { color: #15803d; font-weight: 600; } td.missed { color: #b91c1c; font-weight: 600; }
figure { margin: 1.5rem 0; } figcaption { font-weight: 600; margin-bottom: .3rem; } .axis { fill: #374151; }
code, pre { font-size: 12px; } pre { background: #f9fafb; padding: .8rem; overflow: auto; } .meta { color: #4b5563; }
</style></head><body>
<h1>Hookline bench</h1>
<p class="meta">${esc(r.date)} · ${m.cores} cores (${esc(m.cpu)}), ${m.memoryGiB} GiB · node ${esc(m.node)} · ${esc(m.platform)} · Postgres ${esc(r.postgres.version ?? '?')} (shared_buffers ${esc(r.postgres.shared_buffers ?? '?')}) · the run took ${Math.round(r.wallSeconds)} s · ${esc(hostFigures(r))}${r.complete ? '' : ' · partial run'}</p>
<p>App (<code>hookline serve</code>), worker (<code>hookline worker</code>), receiver, load generator and Postgres all share this machine, on loopback. Produced by <code>npm run bench</code>; see docs/benchmark.md.</p>
<table><thead><tr><th>scenario</th><th>figure</th><th>target</th><th>met?</th></tr></thead><tbody>
${rows}
</tbody></table>
${latencyChart}
${apiChart}
${drainChart}
<details><summary>Settings and every figure (the JSON beside this page)</summary><pre>${esc(JSON.stringify({ config: r.config, hooklineEnv: r.hooklineEnv, postgres: r.postgres }, null, 2))}</pre></details>
</body></html>
`;
}
