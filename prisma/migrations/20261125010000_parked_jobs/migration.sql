-- Delivery jobs due far ahead (a retry backing off, a delivery held by an open circuit or
-- put back behind a hanging endpoint) wait here, not in graphile-worker's jobs table, and
-- each worker moves them there shortly before they are due (lib/queue/parked-jobs.ts).
-- graphile-worker's job fetch (`run_at <= now()`, ordered by priority, run_at) reads every
-- queued job whenever fewer are due than it asks for: with 100,000 retries queued an hour
-- ahead, 14–19 ms a fetch here, 33–84 ms with a million, each NOTIFY a fetch by every runner.

-- CreateTable
CREATE TABLE "parked_jobs" (
    "key" TEXT NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    "spec" JSONB NOT NULL,

    CONSTRAINT "parked_jobs_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "parked_jobs_run_at_idx" ON "parked_jobs"("run_at");

-- CreateIndex
CREATE INDEX "parked_jobs_delivery_id_idx" ON "parked_jobs"("delivery_id");

-- AddForeignKey
ALTER TABLE "parked_jobs" ADD CONSTRAINT "parked_jobs_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Queues delivery jobs (graphile-worker job_spec objects, as JSON; each with a job_key
-- unless due now) in whichever store fits: those due `park_after` or more ahead are parked,
-- the others go to graphile_worker.add_jobs. A key queued again replaces its job in either
-- store, as add_jobs replaces by key: its parked row goes, and a job of graphile's under a
-- parked key is dropped (or, while it runs, loses its key and its retries, as add_jobs does).
-- Written in plpgsql so that it may be created before graphile-worker's schema exists.
CREATE FUNCTION hookline_queue_delivery_jobs(specs json, park_after interval) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  near json;
  far json;
  queued integer := 0;
BEGIN
  -- A key given twice: the later spec only, as add_jobs would leave it (whichever store
  -- each would go to); keyless specs (ingest's fan-out jobs, due now) all stay.
  SELECT coalesce(json_agg(s ORDER BY n) FILTER (WHERE NOT parked), '[]'), coalesce(json_agg(s ORDER BY n) FILTER (WHERE parked), '[]')
    INTO near, far
    FROM (SELECT DISTINCT ON (coalesce(s->>'job_key', '#' || n)) s, n,
                 s->>'job_key' IS NOT NULL AND s->>'run_at' IS NOT NULL AND (s->>'run_at')::timestamptz >= now() + park_after AS parked
            FROM json_array_elements(specs) WITH ORDINALITY AS e(s, n)
           ORDER BY coalesce(s->>'job_key', '#' || n), n DESC) t;
  DELETE FROM parked_jobs WHERE key IN (SELECT s->>'job_key' FROM json_array_elements(specs) s WHERE s->>'job_key' IS NOT NULL);
  IF json_array_length(near) > 0 THEN
    SELECT count(*) INTO queued
      FROM graphile_worker.add_jobs(array(SELECT json_populate_record(null::graphile_worker.job_spec, s) FROM json_array_elements(near) s), false);
  END IF;
  IF json_array_length(far) > 0 THEN
    UPDATE graphile_worker._private_jobs j SET key = null, attempts = j.max_attempts, updated_at = now()
     WHERE j.key IN (SELECT s->>'job_key' FROM json_array_elements(far) s) AND j.is_available IS NOT true;
    DELETE FROM graphile_worker._private_jobs j
     WHERE j.key IN (SELECT s->>'job_key' FROM json_array_elements(far) s) AND j.is_available;
    INSERT INTO parked_jobs (key, delivery_id, run_at, spec)
    SELECT s->>'job_key', s->'payload'->>'deliveryId', (s->>'run_at')::timestamptz, s::jsonb FROM json_array_elements(far) s
    -- parked by another transaction since the DELETE above: the later one wins, as with add_jobs
    ON CONFLICT (key) DO UPDATE SET delivery_id = excluded.delivery_id, run_at = excluded.run_at, spec = excluded.spec;
    queued := queued + json_array_length(far);
  END IF;
  RETURN queued;
END
$$;
