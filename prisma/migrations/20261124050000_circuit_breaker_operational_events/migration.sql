-- CreateEnum
CREATE TYPE "CircuitState" AS ENUM ('closed', 'open', 'half_open');

-- AlterTable
ALTER TABLE "endpoints" ADD COLUMN     "circuit_opened_at" TIMESTAMPTZ(3),
ADD COLUMN     "circuit_retry_at" TIMESTAMPTZ(3),
ADD COLUMN     "circuit_state" "CircuitState" NOT NULL DEFAULT 'closed',
ADD COLUMN     "circuit_trips" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "consecutive_failures" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "operational_events" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "endpoint_id" TEXT,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "operational_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "operational_events_tenant_id_id_idx" ON "operational_events"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "operational_events_endpoint_id_id_idx" ON "operational_events"("endpoint_id", "id");

-- AddForeignKey
ALTER TABLE "operational_events" ADD CONSTRAINT "operational_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
