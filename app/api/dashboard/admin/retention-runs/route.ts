import { listRetentionRuns } from '@/lib/retention/list-retention-runs';
import { operatorRoute } from '../../dashboard-route';

// GET /api/dashboard/admin/retention-runs — the retention period and the latest purge runs
export const GET = operatorRoute('/dashboard/admin/retention-runs', async () => Response.json(await listRetentionRuns()));
