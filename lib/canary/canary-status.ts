// The canary's verdict from its latest runs, newest first. The newest run that has
// ended decides: received → ok; failed → failing. A run still in flight past its
// deadline counts as failed; one within it is skipped (the run before it decides).
// No run started for staleAfterMs means the canary itself stopped: failing too.
// Ages come from the database's clock, the one that stamped the runs.

export type CanaryState = 'ok' | 'failing' | 'unknown';

export type CanaryRunAge = {
  ok: boolean | null;
  error: string | null;
  /** How long ago the run started. */
  ageMs: number;
};

export type CanaryVerdict = { status: CanaryState; reason: string | null };

export function canaryVerdict(runs: CanaryRunAge[], limits: { deadlineMs: number; staleAfterMs: number }): CanaryVerdict {
  const latest = runs[0];
  if (!latest) return { status: 'unknown', reason: 'no canary run yet' };
  if (latest.ageMs > limits.staleAfterMs) {
    return { status: 'failing', reason: `no canary run for ${Math.round(latest.ageMs / 60_000)} min: is a worker running with CANARY_URL set?` };
  }
  for (const run of runs) {
    if (run.ok === true) return { status: 'ok', reason: null };
    if (run.ok === false) return { status: 'failing', reason: run.error ?? 'failed' };
    if (run.ageMs > limits.deadlineMs) return { status: 'failing', reason: `not received within ${Math.round(limits.deadlineMs / 1000)} s` };
  }
  return { status: 'unknown', reason: 'the first run is in flight' };
}
