import { tenantOverview } from '@/lib/dashboard/tenant-overview';
import { tenantRoute } from '../../../dashboard-route';

// GET /api/dashboard/t/:tenantId/overview — last 24 h by status, endpoints needing attention
export const GET = tenantRoute('/dashboard/overview', 'tenant.read', async ({ tenantId }) => Response.json(await tenantOverview(tenantId)));
