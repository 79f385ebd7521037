// Isolation scenario: events sent at a fixed rate to healthy endpoints, first alone, then
// with one endpoint that hangs until the delivery timeout and one that answers 500
// subscribed to the same events. Reports the healthy endpoints' latency (the API's 202
// to the receiver getting the first attempt) in both runs: the second should look like
// the first. Assumes the process environment already points at a migrated database.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const RATE = Number(process.env.BENCH_ISOLATION_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_ISOLATION_SECONDS ?? 10);
const HEALTHY = 4;

type Figures = { sent: number; p50: number; p99: number; max: number };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runIsolation(): Promise<{ alone: Figures; withBad: Figures }> {
  const arrivals = new Map<string, number>(); // `${path} ${webhook-id}` → first arrival
  const hanging = new Set<ServerResponse>();
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = `${req.url} ${req.headers['webhook-id']}`;
      if (!arrivals.has(key)) arrivals.set(key, Date.now());
      if (req.url === '/hang') return void hanging.add(res);
      res.statusCode = req.url === '/fail' ? 500 : 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const { createTenant } = await import('@/lib/tenants/create-tenant');
  const { createEndpoint } = await import('@/lib/endpoints/create-endpoint');
  const { POST } = await import('@/app/api/v1/events/route');
  const { startWorker } = await import('@/worker/start-worker');
  const worker = await startWorker();

  async function scenario(name: string, bad: boolean): Promise<Figures> {
    const { tenant, apiKey } = await createTenant({ name });
    const healthy = Array.from({ length: HEALTHY }, (_, i) => `/${name}/healthy/${i}`);
    for (const path of healthy) await createEndpoint(tenant.id, { url: base + path });
    if (bad) {
      await createEndpoint(tenant.id, { url: `${base}/hang` });
      await createEndpoint(tenant.id, { url: `${base}/fail` });
    }
    const accepted = new Map<string, number>();
    const body = JSON.stringify({ type: 'bench.isolation', data: { amount: 4200 } });
    const started = Date.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < RATE * SECONDS; i++) {
      // Open loop: each event goes at its time, whether or not the last one was answered.
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      sends.push(
        (async () => {
          const response = await POST(new Request('http://localhost/api/v1/events', { method: 'POST', body, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' } }));
          if (response.status !== 202) throw new Error(`isolation ingest got ${response.status}: ${await response.text()}`);
          accepted.set(((await response.json()) as { id: string }).id, Date.now());
        })(),
      );
    }
    await Promise.all(sends);
    const expected = accepted.size * HEALTHY;
    const deadline = Date.now() + 120_000;
    const latencies = () => [...accepted].flatMap(([id, at]) => healthy.map((path) => arrivals.get(`${path} ${id}`)).filter((t) => t !== undefined).map((t) => t! - at));
    while (latencies().length < expected) {
      if (Date.now() > deadline) throw new Error(`isolation: only ${latencies().length} of ${expected} healthy deliveries arrived`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sorted = latencies().sort((a, b) => a - b);
    return { sent: accepted.size, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)! };
  }

  try {
    const alone = await scenario('alone', false);
    const withBad = await scenario('withbad', true);
    return { alone, withBad };
  } finally {
    for (const res of hanging) res.destroy();
    receiver.closeAllConnections();
    receiver.close();
    await worker.stop();
  }
}

export function printIsolation({ alone, withBad }: { alone: Figures; withBad: Figures }): void {
  const row = (label: string, f: Figures) => `  ${label.padEnd(38)} p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms`;
  console.log(`isolation: ${RATE} events/s for ${SECONDS} s to ${HEALTHY} healthy endpoints; latency from the 202 to the first attempt's arrival`);
  console.log(row('healthy endpoints alone', alone));
  console.log(row('beside one hanging and one 500 endpoint', withBad));
  console.log(`  p99 ratio ${(withBad.p99 / Math.max(1, alone.p99)).toFixed(2)}x`);
}
