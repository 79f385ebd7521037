-- Retention (lib/retention): payloads and attempt bodies older than RETENTION_PERIOD are
-- replaced with nothing by the purge_retention task, which stamps when; each run is recorded.

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "payload_purged_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "attempts" ADD COLUMN     "body_purged_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "retention_runs" (
    "id" SERIAL NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "cutoff" TIMESTAMPTZ(3) NOT NULL,
    "events_purged" INTEGER NOT NULL DEFAULT 0,
    "attempts_purged" INTEGER NOT NULL DEFAULT 0,
    "events_resume_after" TEXT,
    "attempts_resume_after" TEXT,

    CONSTRAINT "retention_runs_pkey" PRIMARY KEY ("id")
);
