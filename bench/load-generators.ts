// The two ways the bench sends HTTP load:
// - closed loop, as fast as it goes (autocannon): N connections, each sending its next
//   request when the last one is answered — the ingest and receiver ceilings;
// - open loop at a fixed rate (undici): each request leaves at its time whether or not
//   earlier ones were answered, so a slow server shows as latency, not as a lower rate.
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { fmt, progress } from './progress.ts';
import { sleep } from './processes.ts';
import { summarize, type Latency } from './stats.ts';

const now = () => performance.timeOrigin + performance.now();

export type Blast = {
  connections: number;
  seconds: number;
  requests: number;
  /** Answers with the expected status, per second of the run. */
  perSecond: number;
  statuses: Record<string, number>;
  errors: number;
  latency: Latency;
};

/** autocannon against one URL; latency of the expected answers only, recorded at full resolution. */
export async function blast(options: { url: string; headers: Record<string, string>; body: string; connections: number; seconds: number; expect: number; label: string }): Promise<Blast> {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let finish: (error: unknown, result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => (finish = (error, result) => (error ? reject(error) : resolve(result))));
  const instance = autocannon({ url: options.url, method: 'POST', headers: options.headers, body: options.body, connections: options.connections, duration: options.seconds }, (error, result) => finish(error, result));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode === options.expect) samples.push(responseTime);
  });
  const started = performance.now();
  const ticker = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    progress.detail(`${fmt(seconds)} / ${options.seconds} s, ${fmt(samples.length / Math.max(seconds, 0.001))} ${options.label}/s`);
  }, 500);
  try {
    const result = await done;
    return {
      connections: options.connections,
      seconds: result.duration,
      requests: result.requests.total,
      perSecond: Math.round(samples.length / result.duration),
      statuses,
      errors: result.errors,
      latency: summarize(samples),
    };
  } finally {
    clearInterval(ticker);
  }
}

export type Accepted = { id: string; sentAt: number; acceptedAt: number };

export type OpenLoop = {
  rate: number;
  seconds: number;
  /** Requests sent per second, as achieved. */
  sentPerSecond: number;
  accepted: Accepted[];
  statuses: Record<string, number>;
  errors: number;
  /** The API's own answer time (request sent → 202 read). */
  apiLatency: Latency;
};

/** POST /api/v1/events at a fixed rate for `seconds`, then wait for every answer. */
export async function sendAtRate(options: { appUrl: string; apiKey: string; rate: number; seconds: number; body: string; label: string }): Promise<OpenLoop> {
  // A request unanswered after 20 s counts as an error: an overloaded app can't stretch the run without bound.
  const pool = new Pool(options.appUrl, { connections: 256, keepAliveTimeout: 30_000, headersTimeout: 20_000, bodyTimeout: 20_000 });
  const headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };
  const accepted: Accepted[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const send = async () => {
    const sentAt = now();
    try {
      const response = await pool.request({ path: '/api/v1/events', method: 'POST', headers, body: options.body });
      const text = await response.body.text();
      const acceptedAt = now();
      statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      if (response.statusCode === 202) accepted.push({ id: (JSON.parse(text) as { id: string }).id, sentAt, acceptedAt });
    } catch {
      errors++;
    }
  };
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const sends: Promise<void>[] = [];
  const start = now() + 5;
  try {
    for (let i = 0; i < total; i++) {
      // Late by a timer's granularity: the next ones go at once until the schedule is met.
      const wait = start + i * interval - now();
      if (wait >= 1) await sleep(wait);
      sends.push(send());
      if (i % options.rate === 0) progress.detail(`${options.label}: ${fmt(i)} / ${fmt(total)} sent, ${fmt(accepted.length)} accepted`);
    }
    const sentFor = (now() - start) / 1000;
    const waiting = setInterval(() => progress.detail(`${options.label}: all ${fmt(total)} sent, ${fmt(accepted.length)} accepted, waiting for the rest`), 1_000);
    await Promise.all(sends).finally(() => clearInterval(waiting));
    return {
      rate: options.rate,
      seconds: options.seconds,
      sentPerSecond: Math.round((total - 1) / sentFor),
      accepted,
      statuses,
      errors,
      apiLatency: summarize(accepted.map((a) => a.acceptedAt - a.sentAt)),
    };
  } finally {
    await pool.close();
  }
}
