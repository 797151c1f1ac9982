import type { JSONSchemaType } from 'ajv';
import { ConfigError, readConfig, splitList } from './read-config';

interface Sample {
  PORT: number;
  NAME: string;
  VERBOSE: boolean;
}

const schema: JSONSchemaType<Sample> = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 5001 },
    NAME: { type: 'string', default: 'lamini' },
    VERBOSE: { type: 'boolean', default: false },
  },
  required: ['PORT', 'NAME', 'VERBOSE'],
};

describe('readConfig', () => {
  it('applies defaults and coerces strings from the environment', () => {
    expect(readConfig(schema, { PORT: '8080', VERBOSE: 'true' })).toEqual({ PORT: 8080, NAME: 'lamini', VERBOSE: true });
  });

  it('names the bad variable', () => {
    expect(() => readConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readConfig(schema, { PORT: 'eighty' })).toThrow(/PORT: must be integer/);
  });

  it('reports every bad variable at once', () => {
    expect(() => readConfig(schema, { PORT: '0', VERBOSE: 'perhaps' })).toThrow(/PORT.*VERBOSE|VERBOSE.*PORT/);
  });

  it('splits list variables on commas and colons', () => {
    expect(splitList('a, b:c,,')).toEqual(['a', 'b', 'c']);
    expect(splitList(undefined)).toEqual([]);
  });
});
