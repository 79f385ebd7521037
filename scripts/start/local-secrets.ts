// The keys a local installation needs, generated once and kept in .data/local.json so
// a restart can still decrypt the endpoint secrets it stored.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type LocalSecrets = { HOOKLINE_ENCRYPTION_KEY: string; NEXTAUTH_SECRET: string };

export function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'local.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets = {
    HOOKLINE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
