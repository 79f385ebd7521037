// ajv (JSON Schema 2020-12, with ajv-formats) for schemas tenants register. Server only:
// ajv compiles a schema into JavaScript. Two instances per process (a fresh one costs
// ~15 ms): one stops at the first error, one lists them all (see jsonIssues); each compile
// removes its schema from ajv's cache at once, so the cache doesn't grow with every
// version, and `$id` is refused (see findId), so no tenant's schema can be resolved by
// another tenant's `$ref`.
import Ajv2020, { type CodeOptions, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';

export type JsonIssue = { path: string; message: string };

/** A compiled schema: `first` stops at the first problem, `all()` (compiled when first needed) lists every one. */
export type SchemaValidator = { first: ValidateFunction; all: () => ValidateFunction };

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const MAX_ISSUES = 10;
// Listing every problem costs one error object each, so it is done only for values this
// small: a 0.5 MiB array of bad items made 250k error objects and blocked the process
// for 160 ms, while 999 bad items take ~0.15 ms. Typical events have 10–200 values.
// Bigger values are checked by the validator that stops at the first problem.
const MAX_VALUES_FOR_ALL_ERRORS = 1_000;

// `pattern` and `patternProperties` run on RE2 (re2js) instead of V8's backtracking engine:
// RE2 takes time linear in the input, where V8 took 18 s on 29 characters for
// `^(a|a)+$`. Patterns are ECMA-262 syntax with the "u" flag (what ajv checked before);
// translateRegExp turns JS-only escapes (`\u00e9`, `\cJ`) into RE2's. RE2 always matches
// code points, so ajv's flags argument needs nothing more. RE2 has no lookaround or
// backreferences: such patterns throw here, so a schema using one is refused when it is
// registered (unsupportedPattern) and never reaches ingest.
const re2: NonNullable<CodeOptions['regExp']> = Object.assign(
  (pattern: string) => {
    // Parsing only (nothing is matched): refuses what JS itself would refuse.
    void new RegExp(pattern, 'u');
    // translateRegExp would turn `\k<name>` into the letters "k<name>": another meaning.
    if (hasNamedBackreference(pattern)) throw new Error('backreferences such as \\k<name> are not supported');
    return RE2JS.compile(RE2JS.translateRegExp(pattern));
  },
  // What ajv's standalone code generation would print; Hookline never generates it.
  { code: 're2js' },
);

function hasNamedBackreference(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    if (pattern[i + 1] === 'k') return true;
    i++; // the escaped character
  }
  return false;
}

function createAjv(allErrors: boolean) {
  const ajv = new Ajv2020({
    allErrors,
    code: { regExp: re2 },
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

type Instances = { first: Ajv2020; all: Ajv2020 };
const holder = globalThis as unknown as { __hooklineAjvs?: Instances };
const ajv = () => (holder.__hooklineAjvs ??= { first: createAjv(false), all: createAjv(true) });

/** Compiles a schema, or returns why it isn't a usable JSON Schema (paths from `schema`). */
export function compileJsonSchema(schema: Record<string, unknown>): { validate: SchemaValidator } | { issues: JsonIssue[] } {
  if (schema.$schema !== undefined && schema.$schema !== DIALECT && schema.$schema !== `${DIALECT}#`) {
    return { issues: [{ path: 'schema.$schema', message: `only JSON Schema 2020-12 is supported: use "${DIALECT}" or leave $schema out` }] };
  }
  const instances = ajv();
  if (!instances.first.validateSchema(schema)) {
    return { issues: toIssues('schema', instances.first.errors ?? []) };
  }
  const unsupported = unsupportedPattern(schema);
  if (unsupported) return { issues: [unsupported] };
  const id = findId(schema);
  if (id) return { issues: [{ path: id, message: '$id is not supported: put shared parts in "$defs" and refer to them as "#/$defs/name"' }] };
  try {
    const first = compileWith(instances.first, schema);
    let all: ValidateFunction | undefined;
    return { validate: { first, all: () => (all ??= compileWith(instances.all, schema)) } };
  } catch (error) {
    return { issues: [{ path: 'schema', message: (error as Error).message }] };
  }
}

function compileWith(instance: Ajv2020, schema: Record<string, unknown>): ValidateFunction {
  try {
    return instance.compile(schema);
  } finally {
    instance.removeSchema(schema);
  }
}

/** Checks a value; null when it matches, else the first issues (up to 10) with paths under `root`. */
export function jsonIssues(validator: SchemaValidator, value: unknown, root: string): JsonIssue[] | null {
  if (validator.first(value)) return null;
  if (!atMostValues(value, MAX_VALUES_FOR_ALL_ERRORS)) return toIssues(root, validator.first.errors ?? []);
  const all = validator.all();
  all(value);
  return toIssues(root, all.errors ?? validator.first.errors ?? []);
}

// Whether `value` holds at most `limit` JSON values (itself included); stops counting past it.
function atMostValues(value: unknown, limit: number): boolean {
  const pending: unknown[] = [value];
  let counted = 0;
  while (pending.length > 0) {
    const next = pending.pop();
    if (++counted > limit) return false;
    if (typeof next !== 'object' || next === null) continue;
    const children = Array.isArray(next) ? next : Object.values(next);
    if (counted + pending.length + children.length > limit) return false;
    pending.push(...children);
  }
  return true;
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

// Keywords whose values are data, not schemas: a "pattern" key inside them is not a regex.
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

/** The first `pattern` or `patternProperties` key RE2 can't compile, as an issue naming its path. */
function unsupportedPattern(schema: unknown, path = 'schema'): JsonIssue | null {
  if (typeof schema !== 'object' || schema === null) return null;
  for (const [key, value] of Object.entries(schema)) {
    const at = `${path}.${key}`;
    if (DATA_KEYWORDS.has(key) && !Array.isArray(schema)) continue;
    if (key === 'pattern' && typeof value === 'string') {
      const why = re2Refusal(value);
      if (why) return { path: at, message: why };
    }
    if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
      for (const p of Object.keys(value)) {
        const why = re2Refusal(p);
        if (why) return { path: `${at}.${p}`, message: why };
      }
    }
    const nested = unsupportedPattern(value, at);
    if (nested) return nested;
  }
  return null;
}

function re2Refusal(pattern: string): string | null {
  try {
    re2(pattern, 'u');
    return null;
  } catch (error) {
    return `${(error as Error).message} (patterns run on RE2, which matches in linear time and has no lookaround or backreferences)`;
  }
}
