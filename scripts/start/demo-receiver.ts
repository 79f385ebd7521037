// The built-in demo receiver the demo endpoints point at. /webhooks/demo accepts
// everything; /webhooks/flaky answers 500 twice per webhook-id before a 200, so the
// dashboard has retries to show. Each request's signature is checked with the
// endpoint's current secrets, like a real consumer would.
import { createServer, type Server } from 'node:http';
import { verifySignature } from '@/lib/signing/verify-signature';

export type DemoReceiver = { server: Server; setSecrets(path: string, secrets: string[]): void };

export async function startDemoReceiver(port: number, log: (line: string) => void): Promise<DemoReceiver> {
  const secretsByPath = new Map<string, string[]>();
  const failures = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      const secrets = secretsByPath.get(req.url ?? '') ?? [];
      const verified = secrets.some((secret) =>
        verifySignature({ header: String(req.headers['webhook-signature'] ?? ''), id, timestamp: String(req.headers['webhook-timestamp'] ?? ''), body, secret }),
      );
      if (req.url === '/webhooks/flaky' && (failures.get(id) ?? 0) < 2) {
        failures.set(id, (failures.get(id) ?? 0) + 1);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'flaky receiver: try again', attempt: failures.get(id) }));
        return;
      }
      log(`demo receiver ${req.url}: ${id} ${verified ? 'signature verified' : 'SIGNATURE DID NOT VERIFY'}`);
      res.writeHead(verified ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: id, verified }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, setSecrets: (path, secrets) => secretsByPath.set(path, secrets) };
}
