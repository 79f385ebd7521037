// A circuit breaker per endpoint, shared by every worker through the endpoint row.
//
//   closed     attempts go. CIRCUIT_FAILURE_THRESHOLD failed attempts in a row open it.
//   open       deliveries are held: their jobs wait until circuit_retry_at without an
//              attempt (nothing counts against their retry schedule).
//   half_open  at circuit_retry_at one job claims the probe (atomically, so one worker of
//              many); the others keep waiting. A successful probe closes the circuit and
//              wakes every held delivery; a failed one reopens it for twice as long, up to
//              CIRCUIT_MAX_COOLDOWN.
//
// Without it, an endpoint that is down takes a full timeout per attempt for every one of
// its deliveries' retries. Manual retries bypass the breaker: someone asked for them.
import type { CircuitState } from '../generated/prisma/client.ts';
import { db } from '../db.ts';
import { env } from '../env.ts';

export type CircuitPolicy = { threshold: number; cooldownMs: number; maxCooldownMs: number };

/** The installation's breaker (CIRCUIT_* variables). */
export function circuitPolicy(): CircuitPolicy {
  const e = env();
  return { threshold: e.CIRCUIT_FAILURE_THRESHOLD, cooldownMs: e.CIRCUIT_COOLDOWN, maxCooldownMs: e.CIRCUIT_MAX_COOLDOWN };
}

/** 'go' (closed, or this job is the probe), or when to look again. */
export async function passCircuit(endpointId: string, state: CircuitState, retryAt: Date | null, probeLeaseMs: number): Promise<'go' | Date> {
  if (state === 'closed') return 'go';
  if (retryAt && retryAt.getTime() > Date.now()) return retryAt;
  // The probe's claim holds the others back until the probe has had time to finish; a
  // probe whose worker died is replaced once that lease runs out.
  const [row] = await db().$queryRaw<{ claimed: boolean; circuit_state: CircuitState; circuit_retry_at: Date | null }[]>`
    with claim as (
      update endpoints
         set circuit_state = 'half_open', circuit_retry_at = now() + ${probeLeaseMs} * interval '1 millisecond'
       where id = ${endpointId} and circuit_state <> 'closed' and (circuit_retry_at is null or circuit_retry_at <= now())
      returning circuit_state, circuit_retry_at
    )
    select true as claimed, circuit_state, circuit_retry_at from claim
    union all
    select false, circuit_state, circuit_retry_at from endpoints where id = ${endpointId} and not exists (select 1 from claim)`;
  if (!row || row.claimed || row.circuit_state === 'closed') return 'go';
  return row.circuit_retry_at ?? new Date(Date.now() + probeLeaseMs);
}

/** A claimed probe not made after all (the job must wait): the next job may claim it now. */
export async function releaseProbe(endpointId: string): Promise<void> {
  await db().$executeRaw`update endpoints set circuit_retry_at = now() where id = ${endpointId} and circuit_state = 'half_open'`;
}

export function cooldownAfter(trips: number, policy: CircuitPolicy): number {
  return Math.min(policy.cooldownMs * 2 ** Math.min(trips, 30), policy.maxCooldownMs);
}

/** The circuit's next state after a failed attempt (pure: the row is locked by the caller). */
export function circuitAfterFailure(
  current: { state: CircuitState; consecutiveFailures: number; trips: number },
  policy: CircuitPolicy,
  now: Date,
): { state: CircuitState; trips: number; retryAt: Date | null; opened: boolean } {
  const failures = current.consecutiveFailures + 1;
  const reopens = current.state === 'half_open';
  const opens = current.state === 'closed' && policy.threshold > 0 && failures >= policy.threshold;
  if (!reopens && !opens) return { state: current.state, trips: current.trips, retryAt: null, opened: false };
  const trips = reopens ? current.trips + 1 : 0;
  return { state: 'open', trips, retryAt: new Date(now.getTime() + cooldownAfter(trips, policy)), opened: opens };
}

/**
 * After a circuit closed: every delivery of the endpoint with a job still waiting (held
 * by the breaker, backing off, or recovered) is due now. Their jobs are moved with graphile-worker's own
 * reschedule_jobs, which leaves running jobs alone; at the retry priority, no longer
 * behind everything else as waiting jobs are.
 */
export async function wakeHeldDeliveries(endpointId: string): Promise<number> {
  // Those parked (due far ahead: lib/queue/parked-jobs.ts) are queued now instead, if
  // still their delivery's job. One a worker's promoter is moving at this very moment is
  // left to it (this statement's snapshot does not see it in the queue yet): it runs at
  // its own time, at most ~3 s on, as it would have.
  const [row] = await db().$queryRaw<{ woken: bigint }[]>`
    with d as (
      update deliveries set next_attempt_at = now()
       where endpoint_id = ${endpointId} and job_token is not null and next_attempt_at > now()
      returning 'delivery:' || id as key, job_token
    ), parked as (
      delete from parked_jobs p using d where p.key = d.key returning p.spec, d.job_token
    ), rescheduled as (
      select count(*) as n
        from graphile_worker.reschedule_jobs(array(select j.id from graphile_worker.jobs j where j.key = any(array(select key from d))), run_at := now(), priority := 1)
    ), unparked as (
      select count(*) as n
        from graphile_worker.add_jobs(array(
               select json_populate_record(null::graphile_worker.job_spec, (p.spec || jsonb_build_object('run_at', now(), 'priority', 1))::json)
                 from parked p where p.spec->'payload'->>'token' = p.job_token), false)
       where exists (select 1 from parked) -- none: no add_jobs, whose NOTIFY would make every runner fetch
    )
    select (select n from rescheduled) + (select n from unparked) as woken`;
  return Number(row?.woken ?? 0);
}
