// The API reference, rendered on the server from the OpenAPI document: an overview
// (base URL, authentication, the error object), then every operation grouped by tag,
// with a table of contents beside it.
import type { OpenApiDocument } from '@/lib/openapi/build-document';
import { Card, CardBody, CardHeader } from '../ui/card';
import { CodeBlock } from '../ui/code-block';
import { Paragraphs } from './inline-text';
import { MethodBadge } from './method-badge';
import { OperationCard } from './operation-card';
import { groupByTag } from './operations';
import { SchemaTable } from './schema-table';
import type { Components } from './schema-rows';

export function ReferenceView({ doc, baseUrl }: { doc: OpenApiDocument; baseUrl: string }) {
  const groups = groupByTag(doc);
  const components = (doc.components?.schemas ?? {}) as Components;
  return (
    <div className="flex gap-8">
      <nav aria-label="API operations" className="hidden w-56 shrink-0 lg:block">
        <div className="sticky top-8 max-h-[calc(100vh-4rem)] space-y-5 overflow-y-auto pb-8 text-sm">
          <a href="#overview" className="block font-medium text-slate-700 hover:text-slate-900">Overview</a>
          {groups.map((group) => (
            <div key={group.name}>
              <a href={`#tag-${slug(group.name)}`} className="block text-[11px] font-medium tracking-wide text-slate-400 uppercase hover:text-slate-600">
                {group.name}
              </a>
              <ul className="mt-1.5 space-y-0.5">
                {group.operations.map((op) => (
                  <li key={op.id}>
                    <a href={`#${op.id}`} className="flex items-start gap-2 rounded-md px-1.5 py-1 leading-snug text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                      <MethodBadge method={op.method} className="mt-px w-12 text-[10px]" />
                      <span>{op.summary}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </nav>
      <div className="min-w-0 flex-1 space-y-10">
        <Card id="overview" className="scroll-mt-6">
          <CardHeader title={`${doc.info.title} ${doc.info.version}`} description={`OpenAPI ${doc.openapi}`} />
          <CardBody className="space-y-5">
            <Paragraphs text={doc.info.description} className="text-sm leading-relaxed text-slate-600" />
            <div>
              <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Base URL</h3>
              <CodeBlock text={baseUrl} label="base URL" />
            </div>
            <div id="errors" className="scroll-mt-6">
              <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">The error object</h3>
              <SchemaTable schema={{ $ref: '#/components/schemas/Error' }} components={components} mode="response" />
            </div>
          </CardBody>
        </Card>
        {groups.map((group) => (
          <section key={group.name} id={`tag-${slug(group.name)}`} className="scroll-mt-6 space-y-4" aria-labelledby={`tag-${slug(group.name)}-title`}>
            <div>
              <h2 id={`tag-${slug(group.name)}-title`} className="text-lg font-semibold tracking-tight text-slate-900">{group.name}</h2>
              {group.description && <p className="mt-0.5 text-sm text-slate-500">{group.description}</p>}
            </div>
            {group.operations.map((op) => (
              <OperationCard key={op.id} op={op} baseUrl={baseUrl} components={components} />
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
