import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { ReferenceView } from '@/components/reference/reference-view';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { buildOpenApiDocument } from '@/lib/openapi/build-document';
import { requireUser } from '../_server/guard';

export const metadata: Metadata = { title: 'API reference · Hookline' };

// Rendered on the server from the same document /api/openapi.json serves.
export default async function ReferencePage() {
  await requireUser();
  const doc = buildOpenApiDocument();
  return (
    <>
      <PageHeader
        title="API reference"
        description="The producer API your backend calls, generated from the code that serves it."
        actions={<ButtonLink href="/api/openapi.json" prefetch={false} target="_blank">openapi.json</ButtonLink>}
      />
      <ReferenceView doc={doc} baseUrl={await origin()} />
    </>
  );
}

/** This installation's origin as the browser reached it, for the examples. */
async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto') ?? (/^(localhost|127\.|\[::1\])/.test(host) ? 'http' : 'https');
  return `${proto.split(',')[0]}://${host.split(',')[0]}`;
}
