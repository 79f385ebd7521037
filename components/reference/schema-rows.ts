// Turns an OpenAPI 3.1 schema (JSON Schema 2020-12, with $refs into the document's
// components) into flat rows for a nested property table: name, depth, type, required,
// description, enum, constraints. Unions of objects show their shared fields once and
// each variant's own fields under it.
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
};

export type Components = Record<string, JsonSchema>;

export type Row = {
  key: string;
  name: string;
  depth: number;
  type: string;
  required: boolean;
  description?: string;
  values?: string[];
  notes: string[];
  /** A heading row: "With EndpointWithSecret" inside a union. */
  heading?: boolean;
};

export const refName = (ref: string) => ref.split('/').pop() ?? ref;

export function resolve(schema: JsonSchema | undefined, components: Components, seen = new Set<string>()): JsonSchema {
  if (!schema?.$ref) return schema ?? {};
  if (seen.has(schema.$ref)) return {};
  seen.add(schema.$ref);
  const { $ref, ...rest } = schema;
  return { ...resolve(components[refName($ref)], components, seen), ...rest };
}

export function typeLabel(raw: JsonSchema, components: Components): string {
  const schema = resolve(raw, components);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map((v) => typeLabel(v, components)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const label = types
    .map((t) => {
      if (t === 'array') return `${typeLabel(schema.items ?? {}, components)}[]`;
      if (t === 'object' && !schema.properties && schema.additionalProperties && schema.additionalProperties !== true) {
        const values = typeLabel(schema.additionalProperties, components);
        return values === 'any' ? 'object' : `map of ${values}`;
      }
      if (t === 'string' && schema.format) return `string (${schema.format})`;
      return t;
    })
    .join(' | ');
  return label || 'any';
}

function notesOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.minimum !== undefined && schema.maximum !== undefined) notes.push(`${schema.minimum}–${schema.maximum}`);
  else if (schema.minimum !== undefined) notes.push(`≥ ${schema.minimum}`);
  else if (schema.maximum !== undefined) notes.push(`≤ ${schema.maximum}`);
  if (schema.maxLength !== undefined) notes.push(`${schema.minLength ?? 0}–${schema.maxLength} chars`);
  if (schema.maxItems !== undefined) notes.push(`≤ ${schema.maxItems} items`);
  if (schema.pattern) notes.push(`pattern ${schema.pattern}`);
  return notes;
}

/** The object whose properties a row's children list: the schema itself or its array items. */
function childObject(schema: JsonSchema, components: Components): JsonSchema | null {
  const own = resolve(schema, components);
  const target = own.properties || own.anyOf || own.oneOf ? own : own.items ? resolve(own.items, components) : null;
  if (!target) return null;
  if (target.properties) return target;
  const variants = (target.anyOf ?? target.oneOf)?.map((v) => resolve(v, components));
  return variants && variants.every((v) => v.properties) ? target : null;
}

/** Rows for the properties of an object schema (or each variant of a union of objects). */
export function schemaRows(raw: JsonSchema, components: Components, depth = 0, prefix = ''): Row[] {
  const schema = resolve(raw, components);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return unionRows(variants, components, depth, prefix);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => propertyRows(name, property, required.has(name), components, depth, prefix));
}

function propertyRows(name: string, property: JsonSchema, required: boolean, components: Components, depth: number, prefix: string): Row[] {
  const resolved = resolve(property, components);
  const values = (resolved.enum ?? (resolved.items ? resolve(resolved.items, components).enum : undefined))?.map((v) => String(v));
  const key = `${prefix}${name}`;
  const row: Row = { key, name, depth, type: typeLabel(property, components), required, description: resolved.description, values, notes: notesOf(resolved) };
  const child = childObject(property, components);
  return [row, ...(child ? schemaRows(child, components, depth + 1, `${key}.`) : [])];
}

function unionRows(variants: JsonSchema[], components: Components, depth: number, prefix: string): Row[] {
  const resolved = variants.map((v) => resolve(v, components));
  if (!resolved.every((v) => v.properties)) return [];
  const same = (name: string) => {
    const first = JSON.stringify(resolved[0]!.properties![name]);
    return resolved.every((v) => JSON.stringify(v.properties?.[name]) === first);
  };
  const shared = Object.keys(resolved[0]!.properties!).filter(same);
  const sharedRequired = new Set(resolved[0]!.required ?? []);
  const rows = shared.flatMap((name) => propertyRows(name, resolved[0]!.properties![name]!, sharedRequired.has(name), components, depth, prefix));
  resolved.forEach((variant, i) => {
    const own = Object.entries(variant.properties!).filter(([name]) => !shared.includes(name));
    if (own.length === 0) return;
    const title = variants[i]!.$ref ? refName(variants[i]!.$ref!) : `Variant ${i + 1}`;
    const label = shared.length > 0 ? `With ${title}` : `One of: ${title}`;
    rows.push({ key: `${prefix}#${i}`, name: label, depth, type: '', required: false, notes: [], heading: true });
    const required = new Set(variant.required ?? []);
    rows.push(...own.flatMap(([name, p]) => propertyRows(name, p, required.has(name), components, depth, `${prefix}${i}.`)));
  });
  return rows;
}

/** A plausible example value for a schema: its default, first enum value, or a placeholder by type. */
export function exampleOf(raw: JsonSchema, components: Components, depth = 0): unknown {
  const schema = resolve(raw, components);
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.[0]) return exampleOf(variants[0], components, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (depth > 4) return null;
  switch (type) {
    case 'object': {
      const required = new Set(schema.required ?? []);
      return Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([n]) => required.has(n)).map(([n, p]) => [n, exampleOf(p, components, depth + 1)]));
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return schema.format === 'date-time' ? '2026-01-01T00:00:00Z' : 'string';
    default:
      return null;
  }
}
