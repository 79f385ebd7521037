// The OpenAPI 3.1 document of the producer API (/api/v1), built from the zod schemas
// the handlers parse with and the serializers return. Served at /api/openapi.json and
// rendered on the dashboard's reference page.
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { PATH_MODULES } from './paths/index.ts';
import { newRegistry, SECURITY_SCHEME } from './registry.ts';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const DESCRIPTION = `Hookline's producer API: send events, manage the endpoints they go to, and follow their deliveries.

**Authentication**: \`Authorization: Bearer <api key>\`. A key belongs to one tenant; everything it reads or writes is that tenant's.

**Errors**: \`{ "error": { "code", "message", "details"? } }\` with the status from the code; for invalid input \`details[].path\` names each field.

**Pages**: lists are \`{ data, nextCursor }\`, newest first; pass \`cursor=nextCursor\` for the next page.

**Retrying**: send \`Idempotency-Key\` with \`POST /api/v1/events\`, then retrying is safe. A \`503\` (or a \`429\` from a proxy in front of Hookline) carries \`Retry-After\` in seconds.`;

export function buildOpenApiDocument(): OpenApiDocument {
  const registry = newRegistry();
  for (const module of PATH_MODULES) module.register(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Hookline API', version: '1.0.0', description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: PATH_MODULES.map((module) => module.tag),
  });
}
