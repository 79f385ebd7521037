// Reads a JSON request body without trusting Content-Length: bytes are counted as
// they stream in and the read stops past the limit, so a 50 MB body costs 1 MiB.
import { AppError } from '../errors.ts';

export const MAX_BODY_BYTES = 1024 * 1024; // 1 MiB: PRODUCT.md's payload limit

// A body the server already read (`hookline serve`, lib/http/app-server.ts), held beside
// its Request rather than in it: a Request made with a body wraps it in a ReadableStream,
// read back here chunk by chunk, and on the ingest path that was ~10 % of the app's CPU
// per event (bench profile: the stream's construction, its transfer hooks, its reads).
const heldBodies = new WeakMap<Request, Uint8Array>();

/** `request` (made without a body), whose body is `body`, as readJsonBody will read it. */
export function withHeldBody(request: Request, body: Uint8Array): Request {
  heldBodies.set(request, body);
  return request;
}

export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<{ value: unknown; raw: string }> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new AppError('unsupported_media_type', 'request body must be application/json');
  }
  const raw = await readLimited(request, limit);
  if (raw.trim() === '') throw new AppError('invalid_json', 'request body is empty; send a JSON object');
  try {
    return { value: JSON.parse(raw), raw };
  } catch (error) {
    throw new AppError('invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

async function readLimited(request: Request, limit: number): Promise<string> {
  const held = heldBodies.get(request);
  if (held) {
    if (held.byteLength > limit) throw tooLarge(limit);
    return Buffer.from(held.buffer, held.byteOffset, held.byteLength).toString('utf8');
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(limit: number) {
  return new AppError('payload_too_large', `request body is larger than ${limit} bytes`);
}
