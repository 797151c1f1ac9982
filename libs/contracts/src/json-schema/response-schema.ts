/**
 * The JSON Schema subset a `response_format: {type: "json_schema"}` may use: what a grammar can
 * enforce token by token (node-llama-cpp's GBNF JSON schema), with `anyOf` taken as `oneOf`
 * and annotations ignored. Anything else (`pattern`, `$ref`, numeric bounds...) is refused up
 * front rather than silently not enforced.
 */
export type ResponseSchema = Record<string, unknown>;

const ANNOTATIONS = new Set(['title', 'description', '$schema', '$id', 'examples', 'default', '$comment', 'deprecated', 'readOnly', 'writeOnly']);
const STRUCTURE = new Set(['type', 'const', 'enum', 'oneOf', 'anyOf', 'properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties', 'items', 'prefixItems', 'minItems', 'maxItems', 'minLength', 'maxLength', 'format']);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
const FORMATS = new Set(['date-time', 'date', 'time']);
const MAX_DEPTH = 16;

/** The first problem with a schema, as `path: reason`; undefined when a grammar can enforce it. */
export function responseSchemaIssue(schema: unknown, path = 'schema', depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return `${path}: nested deeper than ${MAX_DEPTH} levels`;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return `${path}: a schema must be an object`;
  const s = schema as ResponseSchema;
  for (const key of Object.keys(s)) {
    if (!STRUCTURE.has(key) && !ANNOTATIONS.has(key)) return `${path}: "${key}" is not supported (supported: ${[...STRUCTURE].join(', ')})`;
  }
  if (!('type' in s) && !('const' in s) && !('enum' in s) && !('oneOf' in s) && !('anyOf' in s)) {
    return `${path}: needs "type", "enum", "const", "oneOf" or "anyOf"`;
  }
  const types = s['type'] === undefined ? [] : Array.isArray(s['type']) ? s['type'] : [s['type']];
  for (const type of types) if (!TYPES.has(type as string)) return `${path}.type: unknown type ${JSON.stringify(type)}`;
  if (types.length > 1 && types.some((t) => t === 'object' || t === 'array')) return `${path}.type: a list of types may only name scalar types`;
  if ('enum' in s && (!Array.isArray(s['enum']) || s['enum'].length === 0 || s['enum'].some((v) => typeof v === 'object' && v !== null))) {
    return `${path}.enum: must be a non-empty list of strings, numbers, booleans or null`;
  }
  if ('format' in s && !FORMATS.has(s['format'] as string)) return `${path}.format: only ${[...FORMATS].join(', ')} are supported`;
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (!(key in s)) continue;
    const options = s[key];
    if (!Array.isArray(options) || options.length === 0) return `${path}.${key}: must be a non-empty list of schemas`;
    for (const [i, option] of options.entries()) {
      const issue = responseSchemaIssue(option, `${path}.${key}[${i}]`, depth + 1);
      if (issue) return issue;
    }
  }
  if ('properties' in s) {
    const properties = s['properties'];
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return `${path}.properties: must be an object`;
    for (const [name, property] of Object.entries(properties)) {
      const issue = responseSchemaIssue(property, `${path}.properties.${name}`, depth + 1);
      if (issue) return issue;
    }
  }
  if ('required' in s && (!Array.isArray(s['required']) || s['required'].some((r) => typeof r !== 'string'))) return `${path}.required: must be a list of property names`;
  if (typeof s['additionalProperties'] === 'object') return responseSchemaIssue(s['additionalProperties'], `${path}.additionalProperties`, depth + 1);
  if ('items' in s && s['items'] !== undefined) {
    const issue = responseSchemaIssue(s['items'], `${path}.items`, depth + 1);
    if (issue) return issue;
  }
  if ('prefixItems' in s) {
    if (!Array.isArray(s['prefixItems'])) return `${path}.prefixItems: must be a list of schemas`;
    for (const [i, item] of s['prefixItems'].entries()) {
      const issue = responseSchemaIssue(item, `${path}.prefixItems[${i}]`, depth + 1);
      if (issue) return issue;
    }
  }
  for (const key of ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties']) {
    if (key in s && !(Number.isInteger(s[key]) && (s[key] as number) >= 0 && (s[key] as number) <= 10_000)) return `${path}.${key}: must be an integer from 0 to 10000`;
  }
  return undefined;
}

/** The schema as the grammar compiler takes it: annotations dropped, `anyOf` as `oneOf`. */
export function grammarSchema(schema: ResponseSchema): ResponseSchema {
  const out: ResponseSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === 'anyOf' || key === 'oneOf') out['oneOf'] = (value as ResponseSchema[]).map(grammarSchema);
    else if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Record<string, ResponseSchema>).map(([k, v]) => [k, grammarSchema(v)]));
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) out[key] = grammarSchema(value as ResponseSchema);
    else if (key === 'prefixItems') out[key] = (value as ResponseSchema[]).map(grammarSchema);
    else out[key] = value;
  }
  return out;
}

/** The smallest value valid against a (supported) schema: what a value cut short by the budget becomes. */
export function minimalValue(schema: ResponseSchema): unknown {
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return schema['enum'][0];
  const options = (schema['oneOf'] ?? schema['anyOf']) as ResponseSchema[] | undefined;
  if (options) return minimalValue(options[0]);
  const type = Array.isArray(schema['type']) ? schema['type'][0] : schema['type'];
  switch (type) {
    case 'string':
      return minimalString(schema);
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, ResponseSchema>;
      const required = (schema['required'] ?? []) as string[];
      return Object.fromEntries(required.filter((name) => name in properties).map((name) => [name, minimalValue(properties[name])]));
    }
    case 'array': {
      const prefix = ((schema['prefixItems'] ?? []) as ResponseSchema[]).map(minimalValue);
      const count = Math.max(0, ((schema['minItems'] as number | undefined) ?? 0) - prefix.length);
      return [...prefix, ...Array.from({ length: count }, () => minimalValue((schema['items'] as ResponseSchema | undefined) ?? { type: 'null' }))];
    }
    default:
      return null;
  }
}

function minimalString(schema: ResponseSchema): string {
  switch (schema['format']) {
    case 'date':
      return '1970-01-01';
    case 'date-time':
      return '1970-01-01T00:00:00Z';
    case 'time':
      return '00:00:00';
    default:
      return 'x'.repeat((schema['minLength'] as number | undefined) ?? 0);
  }
}
