import { describe, expect, it } from 'vitest';
import { exampleFromSchema } from './example-from-schema.ts';
import { compileJsonSchema, jsonIssues } from './json-schema.ts';

/** The generated example must pass the schema it came from (ajv, as ingest checks it). */
function expectValid(schema: Record<string, unknown>, example: unknown) {
  const compiled = compileJsonSchema(schema);
  if (!('validate' in compiled)) throw new Error(`schema does not compile: ${JSON.stringify(compiled.issues)}`);
  expect(jsonIssues(compiled.validate, example, 'data')).toBeNull();
}

describe('exampleFromSchema', () => {
  it('takes what the schema offers first: examples, example, default, const, enum', () => {
    expect(exampleFromSchema({ type: 'string', examples: ['first', 'second'], default: 'd', enum: ['e'] })).toBe('first');
    expect(exampleFromSchema({ type: 'string', example: 'openapi-style', default: 'd' })).toBe('openapi-style');
    expect(exampleFromSchema({ type: 'integer', default: 42, enum: [1, 2] })).toBe(42);
    expect(exampleFromSchema({ const: 'invoice' })).toBe('invoice');
    expect(exampleFromSchema({ type: 'string', enum: ['eur', 'usd'] })).toBe('eur');
    // An object-level example wins over its properties.
    expect(exampleFromSchema({ type: 'object', examples: [{ a: 1 }], properties: { b: { type: 'string' } } })).toEqual({ a: 1 });
  });

  it('builds nested objects and arrays from types, with strings shaped by their format', () => {
    const schema = {
      type: 'object',
      required: ['id', 'customer', 'lines'],
      properties: {
        id: { type: 'string', pattern: '^in_', examples: ['in_123'] },
        paid: { type: 'boolean' },
        note: { type: ['string', 'null'] },
        customer: {
          type: 'object',
          properties: { email: { type: 'string', format: 'email' }, since: { type: 'string', format: 'date-time' }, site: { type: 'string', format: 'uri' }, ref: { type: 'string', format: 'uuid' } },
        },
        lines: { type: 'array', minItems: 1, items: { type: 'object', properties: { sku: { type: 'string', minLength: 8 }, quantity: { type: 'integer', minimum: 1 }, price: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.01 } } } },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    const example = exampleFromSchema(schema);
    expect(example).toEqual({
      id: 'in_123',
      paid: true,
      note: 'string',
      customer: { email: 'user@example.com', since: '2026-01-15T09:30:00.000Z', site: 'https://example.com/', ref: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' },
      lines: [{ sku: 'stringxx', quantity: 1, price: 0.01 }],
      tags: ['string'],
    });
    expectValid(schema, example);
  });

  it('follows local $refs, merges allOf, picks the first non-null oneOf/anyOf branch', () => {
    const schema = {
      type: 'object',
      $defs: { money: { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'integer', minimum: 0 }, currency: { enum: ['eur', 'usd'] } } } },
      properties: {
        total: { $ref: '#/$defs/money' },
        refund: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/money' }] },
        meta: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { properties: { b: { type: 'integer', maximum: -5 } } }] },
      },
    };
    const example = exampleFromSchema(schema);
    expect(example).toEqual({ total: { amount: 0, currency: 'eur' }, refund: { amount: 0, currency: 'eur' }, meta: { a: 'string', b: -5 } });
    expectValid(schema, example);
  });

  it('ends on a recursive schema, leaving out what is too deep', () => {
    const schema = { $defs: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } } } }, $ref: '#/$defs/node' };
    const example = exampleFromSchema(schema) as { name: string; children: unknown[] };
    expect(example.name).toBe('string');
    expect(Array.isArray(example.children)).toBe(true);
    expect(JSON.stringify(example).length).toBeLessThan(2_000);
    expectValid(schema, example);
  });

  it('keeps a "__proto__" property as an own key, and copes with anything that is not a schema', () => {
    const example = exampleFromSchema(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}')) as Record<string, unknown>;
    expect(Object.keys(example)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(example)).toBe(Object.prototype);
    expect(exampleFromSchema(true)).toEqual({});
    expect(exampleFromSchema(null)).toEqual({});
    expect(exampleFromSchema({ $ref: 'https://elsewhere.example/schema.json' })).toEqual({});
    expect(exampleFromSchema({})).toEqual({});
  });
});
