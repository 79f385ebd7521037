// An example value for a JSON Schema, for the catalog when a type has no stored example.
// Pure (the dashboard runs it in the browser). What the schema offers comes first
// (examples, example, default, const, enum), then a value of its type: every declared
// property of an object, one item of an array, a string shaped by its format. Local
// "#/…" references are followed; the depth is bounded, so recursive schemas end.
type Schema = Record<string, unknown>;

const MAX_DEPTH = 12;
// What a branch deeper than MAX_DEPTH yields: left out of its object or array.
const TOO_DEEP = Symbol('too deep');

const FORMATS: Record<string, string> = {
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  'date-time': '2026-01-15T09:30:00.000Z',
  date: '2026-01-15',
  time: '09:30:00Z',
  duration: 'P1D',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  iri: 'https://example.com/',
  'uri-reference': '/path',
  'iri-reference': '/path',
  'uri-template': 'https://example.com/{id}',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  regex: '^.*$',
  'json-pointer': '/path',
  'relative-json-pointer': '0/path',
  byte: 'aGVsbG8=',
  password: 'string',
};

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

export function exampleFromSchema(schema: unknown): unknown {
  const value = generate(schema, isSchema(schema) ? schema : {}, 0);
  return value === TOO_DEEP ? null : value;
}

function generate(node: unknown, root: Schema, depth: number): unknown {
  if (node === true || !isSchema(node)) return node === false ? null : {};
  if (depth > MAX_DEPTH) return TOO_DEEP;
  const s = node;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (typeof s.$ref === 'string') {
    const target = resolveRef(root, s.$ref);
    if (target !== undefined) return generate(target, root, depth + 1);
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 0) return mergeAll(s, root, depth);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) return generate(options.find((o) => !isNullSchema(o)) ?? options[0], root, depth + 1);
  }
  switch (typeOf(s)) {
    case 'object':
      return objectExample(s, root, depth);
    case 'array':
      return arrayExample(s, root, depth);
    case 'string':
      return stringExample(s);
    case 'integer':
      return numberExample(s, true);
    case 'number':
      return numberExample(s, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

function typeOf(s: Schema): string | undefined {
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? s.type[0]) : s.type;
  if (typeof type === 'string') return type;
  if (isSchema(s.properties) || Array.isArray(s.required)) return 'object';
  if (s.items !== undefined || Array.isArray(s.prefixItems)) return 'array';
  if (typeof s.format === 'string' || typeof s.pattern === 'string' || typeof s.minLength === 'number') return 'string';
  if (typeof s.minimum === 'number' || typeof s.maximum === 'number') return 'number';
  return undefined;
}

function objectExample(s: Schema, root: Schema, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isSchema(s.properties) ? s.properties : {};
  for (const [name, property] of Object.entries(properties)) {
    const value = generate(property, root, depth + 1);
    if (value !== TOO_DEEP) defineKey(out, name, value);
  }
  // A required property with no schema of its own still appears.
  for (const name of Array.isArray(s.required) ? s.required : []) {
    if (typeof name === 'string' && !Object.hasOwn(out, name)) defineKey(out, name, 'string');
  }
  return out;
}

function arrayExample(s: Schema, root: Schema, depth: number): unknown[] {
  const items = Array.isArray(s.prefixItems) ? s.prefixItems.map((item) => generate(item, root, depth + 1)) : [];
  if (items.length === 0 && s.items !== undefined && s.items !== false) items.push(generate(s.items, root, depth + 1));
  if (items.includes(TOO_DEEP)) return [];
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  while (items.length < min && items.length < 10) items.push(items[items.length - 1] ?? null);
  return items;
}

function stringExample(s: Schema): string {
  const formatted = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
  let text = formatted ?? 'string';
  if (formatted === undefined) {
    if (typeof s.minLength === 'number' && text.length < s.minLength) text = text.padEnd(Math.min(s.minLength, 1000), 'x');
    if (typeof s.maxLength === 'number' && text.length > s.maxLength) text = text.slice(0, s.maxLength);
  }
  return text;
}

function numberExample(s: Schema, integer: boolean): number {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const step = num(s.multipleOf);
  const exclusiveMin = num(s.exclusiveMinimum);
  const exclusiveMax = num(s.exclusiveMaximum);
  const max = num(s.maximum) ?? (exclusiveMax === undefined ? undefined : exclusiveMax - (integer ? 1 : (step ?? 0.5)));
  let value = num(s.minimum) ?? (exclusiveMin === undefined ? undefined : exclusiveMin + (integer ? 1 : (step ?? 0.5))) ?? (max !== undefined && max < 0 ? max : 0);
  if (step !== undefined && step > 0) value = Math.ceil(value / step) * step;
  if (integer) value = Math.ceil(value);
  return value;
}

function mergeAll(s: Schema, root: Schema, depth: number): unknown {
  const { allOf, ...rest } = s;
  const parts = [rest, ...(allOf as unknown[])].map((part) => generate(part, root, depth + 1)).filter((p) => p !== TOO_DEEP);
  const objects = parts.filter((p): p is Record<string, unknown> => isSchema(p));
  if (objects.length === parts.length) {
    const merged: Record<string, unknown> = {};
    for (const part of objects) for (const [k, v] of Object.entries(part)) defineKey(merged, k, v);
    return merged;
  }
  return parts.find((p) => !isSchema(p) || Object.keys(p).length > 0) ?? {};
}

function resolveRef(root: Schema, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isSchema(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function isNullSchema(node: unknown): boolean {
  return isSchema(node) && (node.type === 'null' || node.const === null);
}

// A property named "__proto__" is an own key like any other (assignment would set the prototype).
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
