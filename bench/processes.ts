// The processes the bench starts: the app (`hookline serve`), Hookline workers, the bare
// baseline worker and the receiver. Each one's output goes to a log file (printed when
// the bench fails); every one is stopped at the end, on Ctrl-C and on failure, and a
// last SIGKILL at exit catches whatever is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const LOG_DIR = mkdtempSync(path.join(os.tmpdir(), 'hookline-bench-'));

export type Child = { name: string; process: ChildProcess; log: string; stop(): Promise<void> };

const running = new Set<Child>();

process.on('exit', () => {
  for (const child of running) child.process.kill('SIGKILL');
});

export function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, options: { ipc?: boolean } = {}): Child {
  const log = path.join(LOG_DIR, `${name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd, ...(options.ipc ? ['ipc' as const] : [])] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopRequested = false;
  const entry: Child = {
    name,
    process: child,
    log,
    async stop() {
      stopRequested = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // A worker gives attempts in flight WORKER_SHUTDOWN_GRACE (5 s); then it is killed.
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      running.delete(entry);
    },
  };
  running.add(entry);
  child.once('exit', (code, signal) => {
    if (!stopRequested && !stopping) unexpected(`${name} exited on its own (${signal ?? code}); its log: ${log}\n${tail(log)}`);
  });
  return entry;
}

let stopping = false;
let unexpected: (message: string) => void = () => undefined;

/** Called when a child dies that nobody stopped. */
export function onUnexpectedExit(handler: (message: string) => void): void {
  unexpected = handler;
}

export async function stopAll(): Promise<void> {
  stopping = true;
  await Promise.all([...running].map((child) => child.stop()));
}

/** The last lines of a child's log, for an error message. */
export function tail(log: string, lines = 30): string {
  if (!existsSync(log)) return '';
  return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls a URL until it answers 2xx; fails with the child's log when it died or took too long. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited before it was ready; its log:\n${tail(child.log)}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${child.name} was not ready at ${url} after ${timeoutMs / 1000} s; its log:\n${tail(child.log)}`);
}

/** Peak resident set size of a process (VmHWM), in bytes; 0 where /proc is missing. */
export function peakRss(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
