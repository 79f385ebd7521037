-- CreateTable
CREATE TABLE "canary_runs" (
    "id" SERIAL NOT NULL,
    "event_id" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "latency_ms" INTEGER,
    "ok" BOOLEAN,
    "error" TEXT,

    CONSTRAINT "canary_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "canary_runs_started_at_idx" ON "canary_runs"("started_at");
