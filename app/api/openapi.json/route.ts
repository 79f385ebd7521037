import { buildOpenApiDocument } from '@/lib/openapi/build-document';

// GET /api/openapi.json — the producer API's OpenAPI 3.1 document. Public (it holds no
// tenant data) and built once per process: it changes only with the code.
let cached: string | undefined;

export function GET(): Response {
  cached ??= JSON.stringify(buildOpenApiDocument());
  return new Response(cached, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      // Readable by API tools on other origins (Swagger UI, Postman, code generators).
      'access-control-allow-origin': '*',
    },
  });
}
