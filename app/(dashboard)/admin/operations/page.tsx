import type { Metadata } from 'next';
import { OperationalWebhooksPanel } from '@/components/admin/operational-webhooks-panel';
import { OperationsView } from '@/components/admin/operations-view';
import { RetentionCard } from '@/components/admin/retention-card';
import { listEndpointRows } from '@/lib/dashboard/endpoint-rows';
import { OPERATOR_TENANT_ID } from '@/lib/operational-events/operator-ids';
import { operationsSnapshot } from '@/lib/operations/operations-snapshot';
import { listRetentionRuns } from '@/lib/retention/list-retention-runs';
import { requireOperator } from '../../_server/guard';

export const metadata: Metadata = { title: 'Operations · Hookline' };

export default async function OperationsPage() {
  await requireOperator();
  const [snapshot, operationalWebhooks, retention] = await Promise.all([operationsSnapshot(), listEndpointRows(OPERATOR_TENANT_ID), listRetentionRuns()]);
  return (
    <>
      <OperationsView initial={snapshot} />
      <div className="mt-6 space-y-6">
        <OperationalWebhooksPanel initial={operationalWebhooks} />
        <RetentionCard initial={retention} />
      </div>
    </>
  );
}
