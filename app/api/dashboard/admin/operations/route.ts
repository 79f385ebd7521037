import { operationsSnapshot } from '@/lib/operations/operations-snapshot';
import { operatorRoute } from '../../dashboard-route';

// GET /api/dashboard/admin/operations — queue, deliveries, throughput, workers, endpoints needing attention, recent operational events
export const GET = operatorRoute('/dashboard/admin/operations', async () => Response.json(await operationsSnapshot()));
