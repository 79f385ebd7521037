// Names why an attempt failed, in words a consumer can act on. undici and Node report
// the same fault under several codes; this is the one place that folds them.
export type ErrorClass =
  | 'timeout'
  | 'connection_refused'
  | 'dns'
  | 'tls'
  | 'reset'
  | 'blocked_address'
  | 'http_status'
  | 'network'
  | 'worker_shutdown';

const BY_CODE: Record<string, ErrorClass> = {
  ECONNREFUSED: 'connection_refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EBLOCKED_ADDRESS: 'blocked_address',
  EHOSTUNREACH: 'network',
  ENETUNREACH: 'network',
};

export function classifyError(error: unknown): { errorClass: ErrorClass; message: string } {
  const chain = causes(error);
  for (const e of chain) {
    if (e.name === 'AbortError' || e.name === 'TimeoutError') return { errorClass: 'timeout', message: 'no response within the timeout' };
    const code = e.code ?? '';
    // Not the resolved address: that would let a tenant map the installation's internal DNS.
    if (code === 'EBLOCKED_ADDRESS') return { errorClass: 'blocked_address', message: 'the endpoint resolves to a private, loopback or reserved address' };
    if (BY_CODE[code]) return { errorClass: BY_CODE[code]!, message: e.message || code };
    if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO)/.test(code)) return { errorClass: 'tls', message: e.message || code };
  }
  const top = chain[0];
  return { errorClass: 'network', message: top?.message || String(error) };
}

type ErrorLike = { name?: string; code?: string; message?: string; cause?: unknown };

function causes(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 5) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}
