// The reference page's view of the OpenAPI document: operations grouped by tag, in the
// document's order, and a curl command for each.
import type { OpenApiDocument } from '@/lib/openapi/build-document';
import { exampleOf, type Components, type JsonSchema } from './schema-rows';

export type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; description?: string; schema?: JsonSchema };
export type MediaType = { schema?: JsonSchema; example?: unknown };
export type Response = { description?: string; headers?: Record<string, { description?: string; required?: boolean; schema?: JsonSchema }>; content?: Record<string, MediaType> };

export type Operation = {
  id: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: [string, Response][];
};

export type TagGroup = { name: string; description?: string; operations: Operation[] };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function groupByTag(doc: OpenApiDocument): TagGroup[] {
  const groups = new Map<string, TagGroup>((doc.tags ?? []).map((t) => [t.name, { name: t.name, description: t.description, operations: [] }]));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Record<string, unknown> | undefined>)[method];
      if (!op) continue;
      const operation: Operation = {
        id: String(op.operationId ?? `${method}-${path}`),
        method: method.toUpperCase(),
        path,
        summary: op.summary as string | undefined,
        description: op.description as string | undefined,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        requestBody: op.requestBody as Operation['requestBody'],
        responses: Object.entries((op.responses as Record<string, Response>) ?? {}),
      };
      const tag = (op.tags as string[] | undefined)?.[0] ?? 'Other';
      if (!groups.has(tag)) groups.set(tag, { name: tag, operations: [] });
      groups.get(tag)!.operations.push(operation);
    }
  }
  return [...groups.values()].filter((g) => g.operations.length > 0);
}

/** `/endpoints/{id}` → `$ENDPOINT_ID`: the shell variable a curl example uses for a path parameter. */
function variableFor(path: string, name: string): string {
  const before = path.split(`/{${name}}`)[0]?.split('/').pop() ?? name;
  const noun = before.replace(/ies$/, 'y').replace(/s$/, '');
  return `$${`${noun}_${name}`.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

export function curlExample(op: Operation, baseUrl: string, components: Components): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => variableFor(op.path, name));
  const lines = [`curl -X ${op.method} "${baseUrl}${path}"`, `  -H "Authorization: Bearer $HOOKLINE_API_KEY"`];
  if (op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) lines.push(`  -H "Idempotency-Key: $(uuidgen)"`);
  const json = op.requestBody?.content['application/json'];
  if (json) {
    const body = json.example ?? exampleOf(json.schema ?? {}, components);
    lines.push(`  -H "Content-Type: application/json"`, `  -d '${JSON.stringify(body).replaceAll("'", "'\\''")}'`);
  }
  return lines.join(' \\\n');
}
