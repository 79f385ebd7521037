// ajv (JSON Schema 2020-12, with ajv-formats) for schemas tenants register. Server only:
// ajv compiles a schema into JavaScript. One instance per process (a fresh one costs
// ~15 ms); each compile removes its schema from ajv's cache at once, so the cache doesn't
// grow with every version, and `$id` is refused (see findId), so no tenant's schema can be
// resolved by another tenant's `$ref`.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export type { ValidateFunction };
export type JsonIssue = { path: string; message: string };

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const MAX_ISSUES = 10;

function createAjv() {
  const ajv = new Ajv2020({
    allErrors: true,
    // Unknown keywords and formats are errors ("requird" is a typo, not an annotation);
    // loose type combinations are fine.
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // Never change the data being checked: it is the event as the producer sent it.
    useDefaults: false,
    coerceTypes: false,
    removeAdditional: false,
    // $data lets data choose a regex (CVE-2025-69873); off, as by default.
    $data: false,
  });
  addFormats(ajv);
  // OpenAPI's singular `example`, common in schemas people already have: an annotation.
  ajv.addKeyword({ keyword: 'example', schemaType: ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'] });
  return ajv;
}

const holder = globalThis as unknown as { __hooklineAjv?: Ajv2020 };
const ajv = () => (holder.__hooklineAjv ??= createAjv());

/** Compiles a schema, or returns why it isn't a usable JSON Schema (paths from `schema`). */
export function compileJsonSchema(schema: Record<string, unknown>): { validate: ValidateFunction } | { issues: JsonIssue[] } {
  if (schema.$schema !== undefined && schema.$schema !== DIALECT && schema.$schema !== `${DIALECT}#`) {
    return { issues: [{ path: 'schema.$schema', message: `only JSON Schema 2020-12 is supported: use "${DIALECT}" or leave $schema out` }] };
  }
  const instance = ajv();
  if (!instance.validateSchema(schema)) {
    return { issues: toIssues('schema', instance.errors ?? []) };
  }
  const unsafe = unsafePattern(schema);
  if (unsafe) return { issues: [{ path: unsafe.path, message: 'nested repetition such as (a+)+ can take exponential time; rewrite the pattern' }] };
  const id = findId(schema);
  if (id) return { issues: [{ path: id, message: '$id is not supported: put shared parts in "$defs" and refer to them as "#/$defs/name"' }] };
  try {
    return { validate: instance.compile(schema) };
  } catch (error) {
    return { issues: [{ path: 'schema', message: (error as Error).message }] };
  } finally {
    instance.removeSchema(schema);
  }
}

/** Checks a value; null when it matches, else the first issues with paths under `root`. */
export function jsonIssues(validate: ValidateFunction, value: unknown, root: string): JsonIssue[] | null {
  return validate(value) ? null : toIssues(root, validate.errors ?? []);
}

function toIssues(root: string, errors: ErrorObject[]): JsonIssue[] {
  return errors.slice(0, MAX_ISSUES).map((error) => {
    const segments = error.instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    // These name the property in params; the path ends at it, so say what is wrong with it.
    const params = error.params as Record<string, unknown>;
    const property = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
    if (typeof property === 'string') {
      segments.push(property);
      const message = error.keyword === 'required' || error.keyword === 'dependentRequired' ? 'is required' : 'is not an allowed property';
      return { path: [root, ...segments].join('.'), message };
    }
    return { path: [root, ...segments].join('.'), message: error.message ?? `fails ${error.keyword}` };
  });
}

// A repeated group whose whole content is itself repeated ((a+)+, ([a-z]*)*, (?:\w+){2,})
// backtracks exponentially on a near-miss, blocking this process for every tenant. A
// heuristic for the classic shape, not a proof: (a|aa)* gets through.
const NESTED_REPETITION = /\((?:\?:)?(?:\\.|\[(?:\\.|[^\]\\])*\]|[^()|\\[])[+*]\)(?:[+*]|\{\d+,\d*\})/;

// ajv keeps every nested $id it sees in the shared instance (removeSchema forgets only the
// root), where another tenant's $ref could find it; so schemas here have none.
function findId(schema: unknown, path = 'schema', parentKey = ''): string | null {
  if (typeof schema !== 'object' || schema === null) return null;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$id' && !NAME_MAPS.has(parentKey) && !Array.isArray(schema)) return `${path}.$id`;
    const nested = findId(value, `${path}.${key}`, key);
    if (nested) return nested;
  }
  return null;
}
// Keywords whose keys are names (a property called "$id" is fine).
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependentRequired']);

function unsafePattern(schema: unknown, path = 'schema'): { path: string } | null {
  if (typeof schema !== 'object' || schema === null) return null;
  for (const [key, value] of Object.entries(schema)) {
    const at = `${path}.${key}`;
    if (key === 'pattern' && typeof value === 'string' && NESTED_REPETITION.test(value)) return { path: at };
    if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
      const bad = Object.keys(value).find((p) => NESTED_REPETITION.test(p));
      if (bad !== undefined) return { path: `${at}.${bad}` };
    }
    const nested = unsafePattern(value, at);
    if (nested) return nested;
  }
  return null;
}
