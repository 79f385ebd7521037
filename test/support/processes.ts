// Child processes for tests that need a real process to kill: the app
// (`node bin/hookline.mjs serve`, the production build), the worker
// (`node bin/hookline.mjs worker`) and the CLI. Output is kept for failure messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HOOKLINE_BIN = fileURLToPath(new URL('../../bin/hookline.mjs', import.meta.url));

export type Child = { process: ChildProcess; output: () => string; exited: Promise<number | null> };

export function startChild(command: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

/** The app as production runs it, on 127.0.0.1:`port` (needs `npm run build` first). */
export function startAppProcess(env: Record<string, string>, port: number): Child {
  return startChild(process.execPath, [HOOKLINE_BIN, 'serve', '--port', String(port), '--hostname', '127.0.0.1'], env);
}

export function startWorkerProcess(env: Record<string, string>): Child {
  return startChild(process.execPath, [HOOKLINE_BIN, 'worker'], env);
}

/** Runs the CLI to completion: exit code, stdout and stderr kept apart. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HOOKLINE_BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
