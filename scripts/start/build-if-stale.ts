// `npm start` builds the app when there is no build, or when a source file changed
// since the last one; otherwise it starts at once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['app', 'components', 'lib', 'public', 'next.config.js', 'package.json'];

export function buildIfStale(root: string, log: (line: string) => void): void {
  const stamp = path.join(root, '.next', 'BUILD_ID');
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changed = SOURCES.some((source) => newerThan(path.join(root, source), builtAt));
  if (!changed) return;
  log(builtAt ? 'sources changed since the last build: building the app' : 'building the app (first start only)');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

function newerThan(file: string, time: number): boolean {
  if (!existsSync(file)) return false;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs > time;
  if (path.basename(file) === 'generated' || path.basename(file) === 'node_modules') return false;
  return readdirSync(file).some((name) => newerThan(path.join(file, name), time));
}
