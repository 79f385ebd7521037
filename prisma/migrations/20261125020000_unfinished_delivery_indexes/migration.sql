-- The two indexes on deliveries.status hold only deliveries that have not succeeded.
-- Every query that uses them asks for pending, retrying or failed ones (the worker's
-- ordered-delivery check, recover, the operations page, the canary); most deliveries
-- succeed, and a success then writes no entry to either, and neither grows with history.
DROP INDEX "deliveries_endpoint_id_status_idx";
DROP INDEX "deliveries_status_created_at_idx";
CREATE INDEX "deliveries_endpoint_id_status_created_at_idx" ON "deliveries"("endpoint_id", "status", "created_at") WHERE status <> 'succeeded';
CREATE INDEX "deliveries_status_created_at_idx" ON "deliveries"("status", "created_at") WHERE status <> 'succeeded';
