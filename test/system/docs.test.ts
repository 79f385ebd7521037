// The docs are true: docs/configuration.md lists every variable lib/env.ts declares, with
// the default written in the schema, and nothing the code doesn't read; the shell commands
// marked `<!-- test: NAME -->` in docs/getting-started.md run, as written, with bash and
// curl against the real route handlers served over HTTP, with a real worker delivering;
// the JavaScript consumers printed there are run as the receivers of those deliveries and
// verify them; and every relative link in docs/*.md points at a file (and heading) that exists.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as openapi } from '@/app/api/openapi.json/route';
import { GET as ready } from '@/app/api/health/ready/route';
import { ZEnv } from '@/lib/env';
import { signPayload } from '@/lib/signing/sign-payload';
import { startWorker, type RunningWorker } from '@/worker/start-worker';
import { rawApiRequest } from '../support/api.ts';
import { freePort } from '../support/free-port.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { ROOT, startChild, type Child } from '../support/processes.ts';
import { serveRoute, type RouteServer } from '../support/route-server.ts';
import { waitFor } from '../support/wait-for.ts';

const doc = (name: string) => readFileSync(path.join(ROOT, 'docs', name), 'utf8');

// ---- docs/configuration.md against lib/env.ts ----

/** The default a ZEnv field declares, found through its pipes and wrappers (zod 4). */
function defaultOf(schema: unknown): unknown {
  const def = (schema as { _zod: { def: { type: string; defaultValue?: unknown; in?: unknown; out?: unknown; innerType?: unknown } } })._zod.def;
  if (def.type === 'default') return def.defaultValue;
  if (def.type === 'pipe') return defaultOf(def.in) ?? defaultOf(def.out);
  if (def.type === 'optional' || def.type === 'nullable') return defaultOf(def.innerType);
  return undefined;
}

/** `| \`NAME\` | default | meaning |` rows: name → the default cell, as written. */
function documentedVariables(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const match of markdown.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]+) \|/gm)) rows.set(match[1]!, match[2]!.trim());
  return rows;
}

// Read by a dependency rather than by Hookline's own code (next-auth, Next).
const READ_BY_DEPENDENCIES = ['NEXTAUTH_SECRET', 'NEXT_TELEMETRY_DISABLED'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('docs/configuration.md', () => {
  const documented = documentedVariables(doc('configuration.md'));
  const declared = Object.entries(ZEnv.shape);

  it('lists every variable lib/env.ts declares, with the default written in the schema', () => {
    expect(declared.length).toBeGreaterThan(25);
    for (const [name, schema] of declared) {
      const cell = documented.get(name);
      expect(cell, `${name} is not in docs/configuration.md`).toBeDefined();
      const fallback = defaultOf(schema);
      if (fallback === undefined) expect(cell, name).toMatch(/^(required|unset)$/);
      else expect(cell, name).toBe(`\`${String(fallback)}\``);
    }
  });

  it('lists only variables the code reads', () => {
    const code = ['lib', 'worker', 'scripts', 'bin', 'app'].flatMap((dir) => sourceFiles(path.join(ROOT, dir))).map((file) => readFileSync(file, 'utf8')).join('\n');
    const names = new Set(declared.map(([name]) => name));
    expect(documented.size).toBeGreaterThan(declared.length);
    for (const name of documented.keys()) {
      const read = names.has(name) || new RegExp(`process\\.env(\\.${name}\\b|\\[['"]${name}['"]\\])`).test(code) || READ_BY_DEPENDENCIES.includes(name);
      expect(read, `${name} is documented but nothing reads it`).toBe(true);
    }
    for (const name of READ_BY_DEPENDENCIES) expect(code, name).toContain(name);
  });
});

// ---- relative links in docs/*.md ----

const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replaceAll(' ', '-');
const anchorsOf = (markdown: string) => new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));

describe('links in docs/*.md', () => {
  const files = readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));

  it.each(files)('%s: every relative link points at a file and heading that exist', (file) => {
    const markdown = doc(file).replace(/```[\s\S]*?```/g, '');
    for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:)/.test(target!)) continue;
      const [where, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = where ? path.resolve(ROOT, 'docs', decodeURIComponent(where)) : path.join(ROOT, 'docs', file);
      expect(existsSync(resolved), `${file}: ${target} points at nothing`).toBe(true);
      if (anchor && resolved.endsWith('.md')) expect(anchorsOf(readFileSync(resolved, 'utf8')).has(anchor), `${file}: no heading #${anchor} in ${where || file}`).toBe(true);
    }
  });
});

// ---- docs/getting-started.md, run ----

/** The fenced block after each `<!-- test: NAME -->`. */
function markedBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- test: ([\w-]+) -->\s*\n```\w*\n([\s\S]*?)\n```/g)) blocks.set(match[1]!, match[2]!);
  return blocks;
}

type ShellRun = { code: number | null; stdout: string; stderr: string; statuses: number[] };

// Every curl in a block also reports its HTTP status on stderr, for the assertions; the
// block's own text is run unchanged.
const CURL_STATUS = `curl() { command curl -w '%{stderr}HTTP_STATUS %{http_code}\\n' "$@"; }\n`;

function runShell(script: string, env: Record<string, string>): Promise<ShellRun> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `set -euo pipefail\n${CURL_STATUS}${script}`], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr, statuses: [...stderr.matchAll(/^HTTP_STATUS (\d+)$/gm)].map((m) => Number(m[1])) }));
  });
}

/** Runs a block that must exit 0 after curl calls with these statuses; its stdout as JSON. */
async function runJson(script: string, env: Record<string, string>, statuses: number[] = []): Promise<any> {
  const run = await runShell(script, env);
  expect(run.code, `${script}\n${run.stderr}`).toBe(0);
  expect(run.statuses, run.stdout).toEqual(statuses);
  return JSON.parse(run.stdout);
}

/** The routes the guide calls, over real HTTP: the app's own handlers, no Next router. */
function dispatch(request: Request): Promise<Response> | Response {
  const url = new URL(request.url);
  if (url.pathname === '/api/health/ready') return ready();
  if (url.pathname === '/api/openapi.json') return openapi();
  return (async () => {
    const body = request.method === 'GET' ? undefined : new Uint8Array(await request.arrayBuffer());
    const answer = await rawApiRequest(request.method, url.pathname + url.search, { body, headers: Object.fromEntries(request.headers) });
    return new Response(answer.text, { status: answer.status, headers: answer.headers });
  })();
}

let harness: Harness;
let worker: RunningWorker;
let server: RouteServer;
const children: Child[] = [];
const snippetFiles: string[] = [];
const blocks = markedBlocks(doc('getting-started.md'));
const block = (name: string) => {
  const text = blocks.get(name);
  if (!text) throw new Error(`docs/getting-started.md has no block marked <!-- test: ${name} -->`);
  return text;
};

/**
 * Writes a consumer printed in the docs into the repository (so it finds node_modules) and
 * runs it on `port`, chosen before the endpoint was registered with its URL.
 */
async function startConsumerOn(port: number, name: string, env: Record<string, string>) {
  const dir = path.join(ROOT, 'test-results', 'docs-snippets');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${randomBytes(4).toString('hex')}.mjs`);
  writeFileSync(file, block(name));
  snippetFiles.push(file);
  const child = startChild(process.execPath, [file], { ...env, PORT: String(port) });
  children.push(child);
  const url = `http://127.0.0.1:${port}/webhooks`;
  await waitFor(async () => {
    if (child.process.exitCode !== null) throw new Error(`${name} exited:\n${child.output()}`);
    return (await fetch(url, { method: 'POST', body: '' }).catch(() => null))?.status === 400;
  }, { what: `${name} to listen` });
  return { ...child, url };
}

/** A webhook Hookline did not send, signed by `signature(body, timestamp)`. */
function forged(url: string, signature: (body: string, timestamp: number) => string, timestamp = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { forged: true } });
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': 'msg_forged', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature(body, timestamp) } });
}

describe('docs/getting-started.md, run as written', () => {
  beforeAll(async () => {
    harness = await startHarness();
    worker = await startWorker();
    server = await serveRoute(dispatch);
  });

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGTERM');
    await Promise.all(children.map((child) => child.exited));
    await worker?.stop();
    await server?.close();
    await harness?.close();
    for (const file of snippetFiles) rmSync(file, { force: true });
  });

  it('marks every command it promises to run', () => {
    expect([...blocks.keys()].sort()).toEqual(
      ['consumer-js', 'consumer-js-ed25519', 'create-ed25519-endpoint', 'create-endpoint', 'get-public-key', 'health', 'list-deliveries', 'send-event', 'tenant-create'].sort(),
    );
  });

  it('health: the readiness check answers 200', async () => {
    const body = await runJson(block('health'), { HOOKLINE_URL: server.origin }, [200]);
    expect(body).toMatchObject({ status: 'ok', database: 'ok', pendingMigrations: [] });
  });

  it('the API reference it links is served', async () => {
    const res = await fetch(`${server.origin}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect((await res.json()).openapi).toMatch(/^3\.1/);
  });

  it('producer to consumer: a tenant, an endpoint, an event, verified by the JavaScript consumer', async () => {
    const tenant = await runJson(block('tenant-create'), {});
    expect(tenant).toEqual({ tenant: { id: expect.stringMatching(/^tnt_/), name: 'Acme' }, apiKey: expect.stringMatching(/^hl_/) });

    const port = await freePort();
    const env = { HOOKLINE_URL: server.origin, API_KEY: tenant.apiKey as string, WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks` };
    const endpoint = await runJson(block('create-endpoint'), env, [201]);
    expect(endpoint).toMatchObject({ url: env.WEBHOOK_URL, eventTypes: ['invoice.paid'], signatureScheme: 'hmac-sha256', secret: expect.stringMatching(/^whsec_/) });

    const consumer = await startConsumerOn(port, 'consumer-js', { WEBHOOK_SECRET: endpoint.secret });
    const event = await runJson(block('send-event'), env, [202]);
    expect(event).toMatchObject({ id: expect.stringMatching(/^msg_/), type: 'invoice.paid', deliveries: [{ endpointId: endpoint.id }] });
    await waitFor(() => consumer.output().includes(`verified ${event.id} invoice.paid`), { what: `the consumer to verify ${event.id}` });

    // What the guide says to look at next: the delivery, succeeded (the consumer's 204).
    const listed = await waitFor(async () => {
      const page = await runJson(block('list-deliveries'), env, [200]);
      return page.data.find((d: { eventId: string; status: string }) => d.eventId === event.id && d.status === 'succeeded');
    }, { what: 'the delivery to show as succeeded' });
    expect(listed).toMatchObject({ endpointId: endpoint.id, attemptCount: 1 });
    // The same Idempotency-Key again: the first answer, nothing new sent.
    expect((await runJson(block('send-event'), env, [202])).id).toBe(event.id);

    // The consumer really verifies: a signature made with another secret is refused.
    const other = 'whsec_' + randomBytes(32).toString('base64');
    const refused = await forged(consumer.url, (body, ts) => signPayload({ id: 'msg_forged', timestamp: ts, body, secrets: [other] }));
    expect(refused.status).toBe(400);
    expect(consumer.output()).toContain('rejected: No matching signature found');
  });

  it('Ed25519: a public key, and the node:crypto consumer verifies the v1a delivery', async () => {
    const tenant = await runJson(block('tenant-create'), {});
    const port = await freePort();
    const env = { HOOKLINE_URL: server.origin, API_KEY: tenant.apiKey as string, WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks` };
    const endpoint = await runJson(block('create-ed25519-endpoint'), env, [201]);
    expect(endpoint).toMatchObject({ signatureScheme: 'ed25519', publicKey: expect.stringMatching(/^whpk_/) });
    expect(endpoint).not.toHaveProperty('secret');
    const keys = await runJson(block('get-public-key'), { ...env, ENDPOINT_ID: endpoint.id }, [200]);
    expect(keys).toEqual({ scheme: 'ed25519', publicKey: endpoint.publicKey, previous: [] });

    const consumer = await startConsumerOn(port, 'consumer-js-ed25519', { WEBHOOK_PUBLIC_KEY: keys.publicKey });
    const event = await runJson(block('send-event'), env, [202]);
    await waitFor(() => consumer.output().includes(`verified ${event.id} invoice.paid`), { what: `the Ed25519 consumer to verify ${event.id}` });

    // Signed by another key pair: refused. An old timestamp, even well signed by it: refused.
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const v1a = (body: string, ts: number) => `v1a,${sign(null, Buffer.from(`msg_forged.${ts}.${body}`), stranger).toString('base64')}`;
    expect((await forged(consumer.url, v1a)).status).toBe(400);
    expect(consumer.output()).toContain('rejected: no matching v1a signature');
    expect((await forged(consumer.url, v1a, Math.floor(Date.now() / 1000) - 600)).status).toBe(400);
    expect(consumer.output()).toContain('rejected: timestamp too old or too new');
  });
});
