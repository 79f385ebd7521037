// Starts bench/receiver.ts as a child and reads back what it saw.
import type { Child } from './processes.ts';
import { startChild } from './processes.ts';

export type GroupStats = { count: number; duplicates: number; first: number; last: number; perSecond: [number, number][] };

export type Receiver = {
  child: Child;
  base: string;
  stats(group: string): Promise<GroupStats>;
  /** "<path> <webhook-id>" → first arrival (ms since the epoch). */
  arrivals(group: string): Promise<Map<string, number>>;
};

export async function startReceiver(): Promise<Receiver> {
  const child = startChild('receiver', ['--import', 'tsx', 'bench/receiver.ts'], { ...process.env, NODE_ENV: 'production' }, { ipc: true });
  const port = await new Promise<number>((resolve, reject) => {
    child.process.once('message', (message) => resolve((message as { port: number }).port));
    child.process.once('exit', () => reject(new Error(`the receiver exited at start (log: ${child.log})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(base + path);
    if (!response.ok) throw new Error(`receiver ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    child,
    base,
    stats: (group) => get<GroupStats>(`/_bench/stats?group=${encodeURIComponent(group)}`),
    arrivals: async (group) => new Map(Object.entries(await get<Record<string, number>>(`/_bench/arrivals?group=${encodeURIComponent(group)}`))),
  };
}
