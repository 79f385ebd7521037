// What zod can't check in the browser: the schema compiles as JSON Schema 2020-12, and the
// example matches it. A 400 naming `schema…` or `example…`, like any other field error.
import { AppError } from '../errors.ts';
import { compileJsonSchema, jsonIssues, type JsonIssue } from './json-schema.ts';

export function assertSchemaAndExample(schema: Record<string, unknown> | null, example: Record<string, unknown> | null): void {
  if (schema === null) return;
  const compiled = compileJsonSchema(schema);
  if ('issues' in compiled) throw invalid('schema is not a valid JSON Schema (2020-12)', compiled.issues);
  const issues = example === null ? null : jsonIssues(compiled.validate, example, 'example');
  if (issues) throw invalid('example does not match the schema', issues);
}

function invalid(what: string, issues: JsonIssue[]): AppError {
  const first = issues[0]!;
  return new AppError('invalid_request', `${what}: ${first.path} ${first.message}`, issues);
}
