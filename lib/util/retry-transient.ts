// Retries a database call through a connection blip (a dropped connection, a failover,
// "the database system is starting up"). On the worker's path after a webhook was sent
// this is what prevents a duplicate: without it the job fails, runs again, and sends
// again. 8 tries, 100 ms doubling to 5 s: about 15 s of outage absorbed.
const TRANSIENT = /Connection terminated|connection error|ECONNRESET|ECONNREFUSED|EPIPE|timeout exceeded when trying to connect|Can't reach database|Server has closed the connection|terminating connection|the database system is (starting up|shutting down)|Unable to start a transaction|deadlock detected|could not serialize access/i;
const TRANSIENT_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'P2028', '57P01', '57P03', '08000', '08001', '08003', '08006', '40P01', '40001']);

export function isTransientDatabaseError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: string; message?: string };
    if ((code && TRANSIENT_CODES.has(code)) || TRANSIENT.test(message ?? '')) return true;
  }
  return false;
}

export async function retryTransient<T>(work: () => Promise<T>, { tries = 8, firstDelayMs = 100, maxDelayMs = 5_000 } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= tries || !isTransientDatabaseError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(firstDelayMs * 2 ** (attempt - 1), maxDelayMs)));
    }
  }
}
