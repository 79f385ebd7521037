import type { Metadata } from 'next';
import { OperationsView } from '@/components/admin/operations-view';
import { operationsSnapshot } from '@/lib/operations/operations-snapshot';
import { requireOperator } from '../../_server/guard';

export const metadata: Metadata = { title: 'Operations · Hookline' };

export default async function OperationsPage() {
  await requireOperator();
  return <OperationsView initial={await operationsSnapshot()} />;
}
