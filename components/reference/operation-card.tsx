// One operation: method and path, what it does, its parameters, request body,
// responses (success bodies as property tables, errors as a list) and a curl command.
import { Badge, type Tone } from '../ui/badge';
import { Card } from '../ui/card';
import { CodeBlock } from '../ui/code-block';
import { InlineText, Paragraphs } from './inline-text';
import { MethodBadge, PathText } from './method-badge';
import { curlExample, type Operation, type Parameter, type Response } from './operations';
import { PropertyTable, SchemaTable } from './schema-table';
import { typeLabel, type Components, type Row } from './schema-rows';

const PARAMETER_SECTIONS: [Parameter['in'], string][] = [
  ['path', 'Path parameters'],
  ['query', 'Query parameters'],
  ['header', 'Headers'],
];

export function OperationCard({ op, baseUrl, components }: { op: Operation; baseUrl: string; components: Components }) {
  const json = op.requestBody?.content['application/json'];
  const successes = op.responses.filter(([status]) => status.startsWith('2'));
  const failures = op.responses.filter(([status]) => !status.startsWith('2'));
  return (
    <Card id={op.id} className="scroll-mt-6" data-testid="operation">
      <div className="border-b border-slate-100 px-5 py-4">
        <div className="flex items-center gap-3">
          <MethodBadge method={op.method} />
          <PathText path={op.path} />
        </div>
        <h3 className="mt-2 text-base font-semibold text-slate-900">{op.summary}</h3>
        <Paragraphs text={op.description} className="mt-1 text-sm text-slate-600" />
      </div>
      <div className="space-y-5 px-5 py-4">
        <Section title="Example">
          <CodeBlock text={curlExample(op, baseUrl, components)} label="curl command" maxHeight="max-h-60" />
        </Section>
        {PARAMETER_SECTIONS.map(([where, title]) => {
          const params = op.parameters.filter((p) => p.in === where);
          return params.length > 0 && (
            <Section key={where} title={title}>
              <PropertyTable rows={params.map((p) => parameterRow(p, components))} mode="request" />
            </Section>
          );
        })}
        {json?.schema && (
          <Section title={op.requestBody?.required === false ? 'Request body (optional)' : 'Request body'} aside="application/json">
            <SchemaTable schema={json.schema} components={components} mode="request" />
          </Section>
        )}
        {successes.map(([status, response]) => (
          <Section key={status} title={<>Response <StatusCode status={status} /></>} aside={<InlineText text={response.description} />}>
            <ResponseHeaders response={response} />
            {response.content?.['application/json']?.schema ? (
              <SchemaTable schema={response.content['application/json'].schema} components={components} mode="response" />
            ) : (
              <p className="text-sm text-slate-500">No body.</p>
            )}
          </Section>
        ))}
        {failures.length > 0 && (
          <Section title="Errors" aside={<>Body: <a href="#errors" className="text-indigo-600 hover:underline">the error object</a></>}>
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
              {failures.map(([status, response]) => (
                <li key={status} className="flex items-baseline gap-3 px-3 py-2">
                  <StatusCode status={status} />
                  <span className="text-slate-600"><InlineText text={response.description} /></span>
                </li>
              ))}
            </ul>
          </Section>
        )}
      </div>
    </Card>
  );
}

function Section({ title, aside, children }: { title: React.ReactNode; aside?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section>
      <div className="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
        {aside && <span className="text-xs text-slate-500">{aside}</span>}
      </div>
      {children}
    </section>
  );
}

function StatusCode({ status }: { status: string }) {
  const tone: Tone = status.startsWith('2') ? 'green' : status.startsWith('5') ? 'red' : 'amber';
  return <Badge tone={tone} className="font-mono">{status}</Badge>;
}

/** Response headers other than x-request-id, which every answer has. */
function ResponseHeaders({ response }: { response: Response }) {
  const headers = Object.entries(response.headers ?? {}).filter(([name]) => name !== 'x-request-id');
  if (headers.length === 0) return null;
  return (
    <dl className="mb-2 space-y-1 text-sm">
      {headers.map(([name, header]) => (
        <div key={name} className="flex gap-2">
          <dt><code className="font-mono text-[13px] text-slate-900">{name}</code></dt>
          <dd className="text-slate-600"><InlineText text={header.description ?? header.schema?.description} /></dd>
        </div>
      ))}
    </dl>
  );
}

function parameterRow(p: Parameter, components: Components): Row {
  const schema = p.schema ?? {};
  const notes = [
    ...(schema.default !== undefined ? [`default ${JSON.stringify(schema.default)}`] : []),
    ...(schema.minimum !== undefined && schema.maximum !== undefined ? [`${schema.minimum}–${schema.maximum}`] : []),
    ...(schema.maxLength !== undefined ? [`${schema.minLength ?? 0}–${schema.maxLength} chars`] : []),
  ];
  return {
    key: `${p.in}:${p.name}`,
    name: p.name,
    depth: 0,
    type: typeLabel(schema, components),
    required: Boolean(p.required),
    description: p.description ?? schema.description,
    values: schema.enum?.map(String),
    notes,
  };
}
