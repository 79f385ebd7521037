// Health checks must answer even when the database doesn't: a probe that hangs is
// killed by the orchestrator without saying why.
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'the database'): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
