-- AlterTable
ALTER TABLE "endpoints" ADD COLUMN     "rate_next_at" TIMESTAMPTZ(3);
