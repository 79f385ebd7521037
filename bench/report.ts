// What a run found: the targets table (printed, and in the JSON and the HTML page), all
// figures with their latency percentiles (bench/results/<date>.json), and a
// self-contained page of charts (bench/results/<date>.html, inline SVG, no scripts).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from './config.ts';
import type { Blast } from './load-generators.ts';
import { fmt } from './progress.ts';
import type { DrainFigures, DrainPair } from './scenarios/drain.ts';
import type { EndToEndFigures } from './scenarios/end-to-end.ts';
import type { BatchIngestFigures, IngestFigures } from './scenarios/ingest.ts';
import { chartPage } from './chart.ts';
import { hostFigures } from './cpu.ts';
import { median } from './stats.ts';

export type Results = {
  date: string;
  complete: boolean;
  wallSeconds: number;
  /** The share of CPU time the hypervisor gave to others during the run (%; null off Linux). */
  stealPercent: number | null;
  buildSeconds: number;
  machine: BenchConfig['machine'];
  postgres: Record<string, string>;
  config: Omit<BenchConfig, 'machine' | 'adminUrl'>;
  /** What every Hookline process ran with (secrets left out). */
  hooklineEnv: Record<string, string>;
  ceiling?: Blast;
  drain?: DrainFigures;
  baseline?: DrainFigures;
  /** Every alternated drain and baseline; the first is `drain` and `baseline`. */
  drainPairs?: DrainPair[];
  ingest?: IngestFigures;
  ingestBatch?: BatchIngestFigures;
  e2e: EndToEndFigures[];
  isolation?: EndToEndFigures;
  e2eWorkerPeakRssBytes?: number;
  growth?: DrainFigures & { historyRows: number; historySeconds: number };
  /** The bare baseline run right after growth (with scenario 6a in the run). */
  growthBaseline?: DrainFigures;
  table: Row[];
};

export type Row = { scenario: string; figure: string; target: string; met: boolean | null };

const MB = 2 ** 20;
const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;
const micros = (n: number | null) => (n === null ? 'n/a' : `${fmt(n)} µs`);
// Each process's CPU also as a multiple of the receiver's, whose work per request is the
// same in every run: the host's speed moves all three together from run to run (worker
// 191–270 µs a delivery in three drains of one commit, receiver 45–62), their ratio much
// less (4.24–4.35), so it is the figure to compare code by across runs.
const relative = (n: number | null, receiver: number | null) => (n === null || !receiver ? '' : ` (${fmt(n / receiver, 2)}× the receiver's)`);
const cpuFigure = (c: DrainFigures['cpuMicrosPerDelivery']) =>
  `worker ${micros(c.worker)}${relative(c.worker, c.receiver)}, Postgres ${micros(c.postgres)}${relative(c.postgres, c.receiver)}, receiver ${micros(c.receiver)}`;
const ratio = (n: number) => `${fmt(n, n < 0.1 ? 3 : 2)}×`;

/** The table: each scenario's figures beside the issue's targets on this 2-core machine. */
export function targetRows(r: Omit<Results, 'table'>): Row[] {
  const rows: Row[] = [];
  const row = (scenario: string, figure: string, target = '', met: boolean | null = null) => rows.push({ scenario, figure, target, met });
  if (r.drain) {
    const d = r.drain;
    row('1 drain', `${fmt(d.deliveriesPerSecond)} deliveries/s: ${fmt(d.deliveries)} (${fmt(d.events)} events × ${d.endpoints} endpoints) in ${fmt(d.seconds, 1)} s; ${fmt(d.steadyDeliveriesPerSecond)}/s from 10 to 90 %, the last 1 % took ${fmt(d.lastPercentSeconds, 1)} s`, '≥ 3,000/s', d.deliveriesPerSecond >= 3000);
    if (r.drainPairs && r.drainPairs.length > 1) {
      const share = median(r.drainPairs.map((pair) => pair.share));
      const each = r.drainPairs.map((pair) => `${fmt(pair.deliveriesPerSecond)}/${fmt(pair.baselineDeliveriesPerSecond)} = ${ratio(pair.share)}`).join(', ');
      row('1 drain', `${ratio(share)} the bare baseline: median of ${r.drainPairs.length} alternated pairs (${each})`, '≥ 0.75×', share >= 0.75);
    } else if (r.baseline) {
      const share = d.deliveriesPerSecond / r.baseline.deliveriesPerSecond;
      row('1 drain', `${ratio(share)} the bare baseline`, '≥ 0.75×', share >= 0.75);
    }
    row('1 drain', `worker peak RSS ${fmt(d.peakRssBytes / MB)} MB`, '≤ 300 MB', d.peakRssBytes <= 300 * MB);
    // Not judged: where the share of the baseline goes (bench/cpu.ts).
    row('1 drain', `CPU per delivery: ${cpuFigure(d.cpuMicrosPerDelivery)}${r.baseline ? `; baseline ${cpuFigure(r.baseline.cpuMicrosPerDelivery)}` : ''}`);
  }
  if (r.ingest) {
    const i = r.ingest;
    const vsCeiling = r.ceiling ? `, ${ratio(i.perSecond / r.ceiling.perSecond)} the receiver's ceiling` : '';
    row('2 ingest', `${fmt(i.perSecond)} events accepted/s (${i.connections} connections, ${i.endpoints} endpoints each${vsCeiling})`, '≥ 2,000/s', i.perSecond >= 2000);
    row('2 ingest', `p50 ${ms(i.latency.p50)}, p99 ${ms(i.latency.p99)}`, 'p99 ≤ 100 ms', i.latency.p99 <= 100);
    row('2 ingest', `CPU per accepted event: app ${micros(i.cpuMicrosPerEvent.app)}, Postgres ${micros(i.cpuMicrosPerEvent.postgres)}`);
  }
  if (r.ingestBatch) {
    // Not judged: the target is about single-event requests; this is what batches get.
    const b = r.ingestBatch;
    row('2b ingest, batches', `${fmt(b.eventsPerSecond)} events accepted/s in ${fmt(b.perSecond)} requests/s of ${b.batchSize} (${b.connections} connections); per request p50 ${ms(b.latency.p50)}, p99 ${ms(b.latency.p99)}; CPU per event: app ${micros(b.cpuMicrosPerEvent.app)}, Postgres ${micros(b.cpuMicrosPerEvent.postgres)}`);
  }
  for (const e of r.e2e) {
    const figure = `p50 ${ms(e.latency.p50)}, p99 ${ms(e.latency.p99)}, p99.9 ${ms(e.latency.p999)}${e.missing ? `, ${e.missing} missing` : ''}`;
    if (e.rate === 200) row('3 end to end 200/s', figure, 'p50 ≤ 15 ms, p99 ≤ 100 ms', e.missing === 0 && e.latency.p50 <= 15 && e.latency.p99 <= 100);
    else if (e.rate === 500) row('3 end to end 500/s', figure, 'p99 ≤ 250 ms', e.missing === 0 && e.latency.p99 <= 250);
    else row(`3 end to end ${e.rate}/s`, figure);
  }
  if (r.isolation) {
    const iso = r.isolation;
    const alone = r.e2e.find((e) => e.rate === iso.rate);
    const figure = `healthy p50 ${ms(iso.latency.p50)}, p99 ${ms(iso.latency.p99)}${alone ? ` (${ratio(iso.latency.p99 / alone.latency.p99)} scenario 3's ${ms(alone.latency.p99)})` : ''}${iso.missing ? `, ${iso.missing} missing` : ''}`;
    row(`4 isolation ${iso.rate}/s`, figure, 'p99 ≤ 2× scenario 3', alone ? iso.missing === 0 && iso.latency.p99 <= 2 * alone.latency.p99 : null);
  }
  if (r.growth) {
    const g = r.growth;
    const raw = r.drain ? g.deliveriesPerSecond / r.drain.deliveriesPerSecond : null;
    const rawFigure = raw !== null ? `${ratio(raw)} scenario 1's ${fmt(r.drain!.deliveriesPerSecond)}/s` : '';
    const emptyShare = emptyTablesShare(r);
    if (r.growthBaseline && emptyShare !== null) {
      // Each drain as a share of the bare baseline run beside it (the host's capacity then).
      const share = g.deliveriesPerSecond / r.growthBaseline.deliveriesPerSecond;
      const vs = share / emptyShare;
      row('5 growth', `${fmt(g.deliveriesPerSecond)} deliveries/s with ${fmt(g.historyRows)} old events + attempts: ${ratio(share)} the baseline run after it (${fmt(r.growthBaseline.deliveriesPerSecond)}/s) against ${ratio(emptyShare)} with empty tables = ${ratio(vs)}; ${rawFigure}`, '≥ 0.90× empty tables', vs >= 0.9);
    } else {
      row('5 growth', `${fmt(g.deliveriesPerSecond)} deliveries/s with ${fmt(g.historyRows)} old events + attempts${raw !== null ? ` (${rawFigure})` : ''}`, '≥ 0.90× empty tables', raw === null ? null : raw >= 0.9);
    }
    row('5 growth', `worker peak RSS ${fmt(g.peakRssBytes / MB)} MB`, '≤ 300 MB', g.peakRssBytes <= 300 * MB);
    row('5 growth', `CPU per delivery: ${cpuFigure(g.cpuMicrosPerDelivery)}`);
  }
  if (r.baseline) row('6 baseline: bare graphile-worker', `${fmt(r.baseline.deliveriesPerSecond)} deliveries/s (one job per POST; same receiver, concurrency, pool and local queue)`);
  if (r.ceiling) row('6 baseline: receiver ceiling', `${fmt(r.ceiling.perSecond)} requests/s, p50 ${ms(r.ceiling.latency.p50)}, p99 ${ms(r.ceiling.latency.p99)} (${r.ceiling.connections} connections)`);
  return rows;
}

/** Scenario 1's share of the bare baseline: the median of the alternated pairs, or the one pair. */
function emptyTablesShare(r: Omit<Results, 'table'>): number | null {
  if (r.drainPairs && r.drainPairs.length > 0) return median(r.drainPairs.map((pair) => pair.share));
  return r.drain && r.baseline ? r.drain.deliveriesPerSecond / r.baseline.deliveriesPerSecond : null;
}

const mark = (met: boolean | null) => (met === null ? '' : met ? 'yes' : 'NO');

export function printTable(r: Results): void {
  const header = { scenario: 'scenario', figure: 'figure', target: 'target', met: 'met?' };
  const cells = [header, ...r.table.map((row) => ({ ...row, met: mark(row.met) }))];
  const width = (key: keyof typeof header) => Math.max(...cells.map((c) => c[key].length));
  const line = (c: typeof header) => `${c.scenario.padEnd(width('scenario'))}  ${c.figure.padEnd(width('figure'))}  ${c.target.padEnd(width('target'))}  ${c.met}`;
  const load = r.machine.loadAverageAtStart[0] ?? 0;
  console.log(`\nHookline bench ${r.date} — ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, node ${r.machine.node}, Postgres ${r.postgres.version ?? '?'}`);
  const pressure = r.machine.cpuPressureAtStart;
  const contended = load > 0.5 || (pressure ?? 0) > 10 || (r.stealPercent ?? 0) > 5;
  console.log(`ran ${fmt(r.wallSeconds)} s${r.buildSeconds > 5 ? ` after a ${fmt(r.buildSeconds)} s build` : ''}${r.complete ? '' : ' (partial run)'}; ${hostFigures(r)}${contended ? ' — something else was using the CPUs: expect noise' : ''}`);
  if (r.wallSeconds > 300) console.log('(over the 5-minute budget: lower BENCH_DRAIN_EVENTS or BENCH_GROWTH_ROWS, see docs/benchmark.md)');
  console.log(line(header));
  console.log(line({ scenario: '-'.repeat(width('scenario')), figure: '-'.repeat(width('figure')), target: '-'.repeat(width('target')), met: '----' }));
  for (const c of cells.slice(1)) console.log(line(c));
  const judged = r.table.filter((row) => row.met !== null);
  console.log(`\n${judged.filter((row) => row.met).length} of ${judged.length} targets met.`);
}

/** The same table in Markdown, for the README. */
export function markdownTable(r: Results): string {
  const lines = ['| scenario | figure | target | met? |', '| --- | --- | --- | --- |'];
  for (const row of r.table) lines.push(`| ${row.scenario} | ${row.figure} | ${row.target} | ${mark(row.met)} |`);
  return lines.join('\n');
}

/**
 * Writes <date>.json and <date>.html. A complete run replaces the previous result in
 * bench/results (only the latest is kept, and committed); a partial run (BENCH_SCENARIOS)
 * goes to bench/results/partial/, which git ignores.
 */
export function writeResults(r: Results, dir: string): { json: string; html: string } {
  const out = r.complete ? dir : path.join(dir, 'partial');
  mkdirSync(out, { recursive: true });
  if (r.complete) {
    for (const name of readdirSync(out)) if (/^\d{4}-\d\d-\d\dT.*\.(json|html)$/.test(name)) rmSync(path.join(out, name));
  }
  const stamp = r.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const json = path.join(out, `${stamp}.json`);
  const html = path.join(out, `${stamp}.html`);
  writeFileSync(json, `${JSON.stringify({ ...r, markdown: markdownTable(r) }, null, 2)}\n`);
  writeFileSync(html, chartPage(r));
  return { json, html };
}
