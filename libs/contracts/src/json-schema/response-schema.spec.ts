import Ajv2020 from 'ajv/dist/2020';
import { grammarSchema, minimalValue, responseSchemaIssue } from './response-schema';

describe('response_format schemas', () => {
  it('accepts what a grammar can enforce, annotations included', () => {
    const schema = {
      title: 'Person',
      type: 'object',
      properties: {
        name: { type: 'string', description: 'who', maxLength: 20 },
        born: { type: 'string', format: 'date' },
        tags: { type: 'array', items: { enum: ['a', 'b'] }, minItems: 1 },
        note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        size: { type: ['integer', 'null'] },
      },
      required: ['name'],
      additionalProperties: false,
    };
    expect(responseSchemaIssue(schema)).toBeUndefined();
    expect(grammarSchema(schema)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 20 },
        born: { type: 'string', format: 'date' },
        tags: { type: 'array', items: { enum: ['a', 'b'] }, minItems: 1 },
        note: { oneOf: [{ type: 'string' }, { type: 'null' }] },
        size: { type: ['integer', 'null'] },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('names the first keyword it cannot enforce, with its place', () => {
    expect(responseSchemaIssue({ type: 'string', pattern: '^a' })).toMatch(/^schema: "pattern" is not supported/);
    expect(responseSchemaIssue({ type: 'object', properties: { n: { type: 'number', minimum: 3 } } })).toMatch(/^schema\.properties\.n: "minimum"/);
    expect(responseSchemaIssue({ $ref: '#/$defs/x' })).toMatch(/"\$ref" is not supported/);
    expect(responseSchemaIssue({ type: 'decimal' })).toMatch(/unknown type/);
    expect(responseSchemaIssue({ properties: {} })).toMatch(/needs "type"/);
    expect(responseSchemaIssue({ type: 'string', maxLength: -1 })).toMatch(/maxLength/);
    expect(responseSchemaIssue('string')).toMatch(/must be an object/);
    let deep: object = { type: 'string' };
    for (let i = 0; i < 20; i++) deep = { type: 'array', items: deep };
    expect(responseSchemaIssue(deep)).toMatch(/deeper than/);
  });

  it("has a smallest value that validates against every supported schema", () => {
    const ajv = new Ajv2020({ strict: false });
    const schemas = [
      { type: 'string', minLength: 3 },
      { type: 'string', format: 'date-time' },
      { type: 'integer' },
      { type: ['boolean', 'null'] },
      { enum: [4, 'x'] },
      { const: 'fixed' },
      { oneOf: [{ type: 'null' }, { type: 'string' }] },
      { type: 'array', prefixItems: [{ type: 'integer' }], items: { type: 'string' }, minItems: 3 },
      { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'boolean' } }, required: ['b'] }, c: { type: 'string' } }, required: ['a'], additionalProperties: false },
    ];
    for (const schema of schemas) expect({ schema, valid: ajv.validate(schema, minimalValue(schema)) }).toEqual({ schema, valid: true });
  });
});
