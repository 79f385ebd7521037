// Tenants' JSON Schemas as ajv runs them: patterns on RE2 (linear time, no lookaround or
// backreferences), and a bounded number of error objects for large data.
import { describe, expect, it } from 'vitest';
import { compileJsonSchema, jsonIssues, type SchemaValidator } from './json-schema.ts';

function compiled(schema: Record<string, unknown>): SchemaValidator {
  const result = compileJsonSchema(schema);
  if (!('validate' in result)) throw new Error(`schema does not compile: ${JSON.stringify(result.issues)}`);
  return result.validate;
}

describe('patterns', () => {
  it('refuses what RE2 cannot run, naming the pattern’s path; nothing else', () => {
    const refused: [Record<string, unknown>, string][] = [
      [{ type: 'string', pattern: '^(?=a)a+$' }, 'schema.pattern'],
      [{ type: 'string', pattern: '^(a)\\1$' }, 'schema.pattern'],
      [{ type: 'string', pattern: '^(?<x>a)\\k<x>$' }, 'schema.pattern'],
      [{ type: 'object', properties: { id: { type: 'string', pattern: '(?<!x)y' } } }, 'schema.properties.id.pattern'],
      [{ type: 'object', patternProperties: { '^(?!internal_)': { type: 'string' } } }, 'schema.patternProperties.^(?!internal_)'],
      [{ type: 'object', propertyNames: { pattern: '^a(?=b)' } }, 'schema.propertyNames.pattern'],
    ];
    for (const [schema, path] of refused) {
      const result = compileJsonSchema(schema);
      expect(result, JSON.stringify(schema)).toEqual({ issues: [{ path, message: expect.stringContaining('RE2') }] });
    }
    // A "pattern" key inside data keywords or as a property name is not a regex.
    compiled({ type: 'object', properties: { pattern: { type: 'string' } }, const: { pattern: '(?=x)' }, examples: [{ pattern: '(?=x)' }] });
  });

  it('answers a pattern that backtracks exponentially on V8, with the right verdicts', () => {
    // RE2 refuses lookahead; V8 does not. Checked first: on V8 the lines below block the process.
    expect(compileJsonSchema({ type: 'string', pattern: '(?=a)' })).toHaveProperty('issues');
    const validate = compiled({ type: 'object', properties: { a: { type: 'string', pattern: '^(a|a)+$' }, w: { type: 'string', pattern: '^(\\w+\\s?)*$' } } });
    // V8 needs ~2^40 steps for the first and blocked the process; RE2 answers at once.
    expect(jsonIssues(validate, { a: `${'a'.repeat(40)}b`, w: `${'word '.repeat(20)}!` }, 'data')).toEqual([
      { path: 'data.a', message: 'must match pattern "^(a|a)+$"' },
      { path: 'data.w', message: 'must match pattern "^(\\w+\\s?)*$"' },
    ]);
    expect(jsonIssues(validate, { a: 'a'.repeat(40), w: 'two words' }, 'data')).toBeNull();
  });

  it('keeps JSON Schema’s regex meaning: unanchored search, \\u escapes, classes, patternProperties', () => {
    const validate = compiled({
      type: 'object',
      properties: { id: { type: 'string', pattern: '^in_[0-9]{3,}$' }, note: { type: 'string', pattern: 'caf\\u00e9' }, code: { type: 'string', pattern: '^\\p{Lu}\\d-[\\w.]+$' } },
      patternProperties: { '^x_': { type: 'integer' } },
    });
    expect(jsonIssues(validate, { id: 'in_123', note: 'a café here', code: 'É1-a.b', x_count: 3 }, 'data')).toBeNull();
    expect(jsonIssues(validate, { id: 'in_12', note: 'cafe', code: 'e1-a', x_count: 'three' }, 'data')).toEqual([
      { path: 'data.id', message: 'must match pattern "^in_[0-9]{3,}$"' },
      { path: 'data.note', message: 'must match pattern "caf\\u00e9"' },
      { path: 'data.code', message: 'must match pattern "^\\p{Lu}\\d-[\\w.]+$"' },
      { path: 'data.x_count', message: 'must be integer' },
    ]);
  });
});

describe('error lists', () => {
  const validate = compiled({ type: 'object', properties: { items: { type: 'array', items: { type: 'integer' } } } });

  it('lists up to 10 problems of small data, and only the first of large data', () => {
    expect(jsonIssues(validate, { items: ['a', 'b', 'c'] }, 'data')).toEqual(['0', '1', '2'].map((i) => ({ path: `data.items.${i}`, message: 'must be integer' })));
    expect(jsonIssues(validate, { items: Array(500).fill('x') }, 'data')).toHaveLength(10);
    // 100,000 bad items: one error object made, not 100,000.
    expect(jsonIssues(validate, { items: Array(100_000).fill('x') }, 'data')).toEqual([{ path: 'data.items.0', message: 'must be integer' }]);
    expect(validate.first.errors).toHaveLength(1);
  });
});
