import type { Metadata } from 'next';
import Link from 'next/link';
import { EndpointForm } from '@/components/endpoints/endpoint-form';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireTenant } from '../../../../_server/guard';

export const metadata: Metadata = { title: 'New endpoint · Hookline' };

// Admins only: a member gets the 404 page here, and a 403 from the API behind the form.
export default async function NewEndpointPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const { tenant } = await requireTenant(tenantId, 'endpoints.write');
  return (
    <div className="max-w-2xl">
      <PageHeader
        eyebrow={<Link href={`/t/${tenant.id}/endpoints`} className="hover:text-slate-900">Endpoints</Link>}
        title="Add endpoint"
        description="Hookline signs every request with the endpoint's own secret, which you can reveal on the next page."
      />
      <Card>
        <CardBody className="py-6">
          <EndpointForm tenantId={tenant.id} />
        </CardBody>
      </Card>
    </div>
  );
}
