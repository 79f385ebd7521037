// How long graphile-worker gathers finished jobs before deleting them in one statement.
// A job's slot is free as soon as its task returns (graphile doesn't wait for the
// delete), so the wait costs no throughput. A worker that dies inside the window leaves
// those jobs to run again, and each ends at once without sending: the attempt's record
// cleared or replaced the delivery's job token (lib/delivery/attempt-delivery.ts).
// Bench drain + baseline, 100,000 jobs (pg_stat_statements): 12,348 deletes with 0 (the
// jobs finished in one event-loop turn together), 5,300 with 10 ms.
export const COMPLETE_JOB_BATCH_DELAY_MS = 10;
