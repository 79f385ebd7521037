// CPU time (user + system) that processes spent during a scenario, read from /proc
// (Linux): a drain's worker and receiver, the ingest's app, and the Postgres server's
// (every process of it: backends, WAL writer, checkpointer, autovacuum); and how busy the
// host was (CPU pressure, steal). A rate depends on how fast this shared machine is at the
// moment (one commit's drain measured 1,063–1,945/s within an hour); the CPU a delivery
// costs moves much less, and says where the drain's share of the baseline goes.
// Postgres is counted only when it runs here (a loopback DATABASE_URL); elsewhere, and
// where /proc is missing, those figures are null.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fmt } from './progress.ts';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on

/** Seconds of CPU a process has used so far; null when it can't be read. */
function processSeconds(pid: number): number | null {
  try {
    return statFields(pid).seconds;
  } catch {
    return null;
  }
}

/** utime + stime and the start time from /proc/<pid>/stat; throws when the process is gone. */
function statFields(pid: number | string): { seconds: number; startTime: string } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, startTime: fields[19]! };
}

/** Each running Postgres server process's CPU seconds so far, by pid and start time. */
function postgresProcesses(): Map<string, number> | null {
  if (os.platform() !== 'linux') return null;
  const seen = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith('postgres')) continue;
      const { seconds, startTime } = statFields(entry);
      // pid + start time: a pid reused by a new process is another process.
      seen.set(`${entry}:${startTime}`, seconds);
    } catch {
      // Exited while we looked.
    }
  }
  return seen;
}

export type CpuSeconds<K extends string = string> = Record<K | 'postgres', number | null>;

/**
 * Starts counting these processes (and Postgres's, when `databaseUrl` is on loopback);
 * `stop()` returns the CPU seconds each spent since. Call it while they still run.
 */
export function countCpu<K extends string>(pids: Record<K, number | undefined>, databaseUrl: string): { stop(): CpuSeconds<K> } {
  const names = Object.keys(pids) as K[];
  const start = new Map(names.map((name) => [name, pids[name] ? processSeconds(pids[name]) : null]));
  const postgresStart = postgresIsLocal(databaseUrl) ? postgresProcesses() : null;
  return {
    stop() {
      const spent = {} as CpuSeconds<K>;
      for (const name of names) {
        const before = start.get(name) ?? null;
        const now = before === null ? null : processSeconds(pids[name]!);
        spent[name] = now === null || before === null ? null : now - before;
      }
      const postgresNow = postgresStart ? postgresProcesses() : null;
      let postgres: number | null = null;
      if (postgresStart && postgresNow) {
        // A process that started meanwhile counts from zero; one that exited is lost
        // (the pools of the processes measured stay open until they stop, after this).
        postgres = 0;
        for (const [key, seconds] of postgresNow) postgres += seconds - (postgresStart.get(key) ?? 0);
      }
      spent.postgres = postgres;
      return spent;
    },
  };
}

/** Microseconds of CPU per item (delivery, accepted event), by process; null where not counted. */
export function perItem<K extends string>(cpu: CpuSeconds<K>, items: number): CpuSeconds<K> {
  const each = {} as CpuSeconds<K>;
  for (const name of Object.keys(cpu) as (K | 'postgres')[]) {
    const seconds = cpu[name];
    each[name] = seconds === null || items === 0 ? null : Math.round((seconds / items) * 1e6);
  }
  return each;
}

/** Postgres on this machine: its processes are ours to count. */
function postgresIsLocal(databaseUrl: string): boolean {
  const host = new URL(databaseUrl).hostname;
  return host === '' || host === 'localhost' || host.startsWith('127.') || host === '[::1]';
}

/**
 * The host's CPU pressure: the share of the last 60 s in which something waited for a CPU
 * (Linux PSI, /proc/pressure/cpu "some avg60"), in %. Above zero with nothing of ours
 * running, other tenants of the host are taking the cores. Null where not exposed.
 */
export function cpuPressure(): number | null {
  try {
    const match = /^some .*avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Starts counting the CPU time the hypervisor gave to others (steal); `stop()` gives its share of all CPU time, in %. */
export function countSteal(): { stop(): number | null } {
  const read = (): number[] | null => {
    try {
      const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
      return line.trim().split(/\s+/).slice(1).map(Number);
    } catch {
      return null;
    }
  };
  const start = read();
  return {
    stop() {
      const end = read();
      if (!start || !end || end.length < 8) return null;
      // user nice system idle iowait irq softirq steal (guest time is inside user).
      const delta = end.slice(0, 8).map((value, i) => value - start[i]!);
      const total = delta.reduce((sum, value) => sum + value, 0);
      return total > 0 ? Math.round((delta[7]! / total) * 1000) / 10 : null;
    },
  };
}

/** What else was running: load average and CPU pressure at the start, CPU stolen by the host during the run. */
export function hostFigures(r: { machine: { loadAverageAtStart: number[]; cpuPressureAtStart: number | null }; stealPercent: number | null }): string {
  const pressure = r.machine.cpuPressureAtStart;
  return [
    `load average at the start ${fmt(r.machine.loadAverageAtStart[0] ?? 0, 2)}`,
    ...(pressure === null ? [] : [`CPU pressure ${fmt(pressure, 0)} % (the minute before)`]),
    ...(r.stealPercent === null ? [] : [`${fmt(r.stealPercent, 1)} % of CPU time stolen by the host during the run`]),
  ].join(', ');
}
