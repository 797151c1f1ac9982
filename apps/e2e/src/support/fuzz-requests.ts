import fc from 'fast-check';
import { type JsonSchema, type OpenApiDocument, type OpenApiOperation, listSpecOperations } from '@lamini/contracts';
import { anyJson, edgeNumber, hostileString, longText } from './hostile-values';

/** An HTTP request as sent on the wire: the path already encoded, the body as raw text. */
export interface FuzzRequest {
  method: string;
  path: string;
  contentType?: string;
  body?: string;
}

/**
 * Values for fields whose meaning decides how far a request gets: a model that exists sends
 * it to a real engine, a valid output type to a real grammar. The rest come from their schema.
 */
const MEANINGFUL_FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  model_name: fc.constantFrom('stories260K', 'sentence-transformers/all-MiniLM-L6-v2', 'nobody/llama'),
  hf_model_name: fc.oneof(fc.constantFrom('stories260K', 'acme/fuzzed-model', '#', '1e309', 'a/b/c', 'org/na--me'), hostileString(20)),
  output_type: fc.dictionary(
    hostileString(8),
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>('str', 'int', 'float', 'bool', ['str'], ['int'], ['yes', 'no'], [1, 2, 3]) }, { weight: 1, arbitrary: anyJson }),
    { minKeys: 1, maxKeys: 3 },
  ),
  max_new_tokens: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -2, max: 24 }) }, { weight: 1, arbitrary: edgeNumber }),
  max_tokens: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -2, max: 64 }) }, { weight: 1, arbitrary: edgeNumber }),
};

const promptText = fc.oneof({ weight: 12, arbitrary: hostileString(60) }, { weight: 1, arbitrary: longText });

/** Requests for one operation: mostly shaped like the spec, with any part replaced by something hostile. */
export function fuzzRequests(spec: OpenApiDocument, method: string, pathTemplate: string, operation: OpenApiOperation): fc.Arbitrary<FuzzRequest> {
  const resolve = (schema: JsonSchema): JsonSchema => (schema.$ref ? spec.components.schemas[schema.$ref.split('/').pop()!] : schema);

  const valueOf = (schema: JsonSchema, field?: string): fc.Arbitrary<unknown> => {
    const meaningful = field === undefined ? undefined : field === 'prompt' ? promptOf(resolve(schema)) : MEANINGFUL_FIELDS[field];
    const shaped = meaningful ?? shapedBy(resolve(schema));
    return fc.oneof({ weight: 24, arbitrary: shaped }, { weight: 1, arbitrary: anyJson });
  };

  const promptOf = (schema: JsonSchema): fc.Arbitrary<unknown> => {
    if (schema.anyOf) return fc.oneof(...schema.anyOf.map((branch) => promptOf(resolve(branch))));
    return schema.type === 'array' ? fc.array(promptText, { maxLength: 4 }) : promptText;
  };

  const shapedBy = (schema: JsonSchema): fc.Arbitrary<unknown> => {
    if (schema.allOf?.length) return shapedBy(resolve(schema.allOf[0]));
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.anyOf) return fc.oneof(...schema.anyOf.map((branch) => valueOf(branch)));
    switch (schema.type) {
      case 'string':
        return hostileString();
      case 'integer':
        return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -3, max: 100 }) }, { weight: 1, arbitrary: edgeNumber });
      case 'number':
        return fc.oneof({ weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) }, { weight: 1, arbitrary: edgeNumber });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueOf(schema.items ?? {}), { maxLength: 3 });
      case 'object':
        return objectOf(schema);
      default:
        return anyJson;
    }
  };

  const objectOf = (schema: JsonSchema): fc.Arbitrary<unknown> => {
    if (schema.properties) {
      const fields = Object.fromEntries(
        // null as the Lamini SDK sends it for an option it was not given (refused only where required).
        Object.entries(schema.properties).map(([name, field]) => [name, fc.oneof({ weight: 12, arbitrary: valueOf(field, name) }, { weight: 1, arbitrary: fc.constant(null) })]),
      );
      const record = fc.record(fields, { requiredKeys: schema.required ?? [] });
      const extra = fc.dictionary(hostileString(10), anyJson, { maxKeys: 2 });
      return fc.oneof({ weight: 6, arbitrary: record }, { weight: 1, arbitrary: fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r })) });
    }
    const values = typeof schema.additionalProperties === 'object' ? valueOf(schema.additionalProperties) : anyJson;
    return fc.dictionary(hostileString(10), values, { maxKeys: 3 });
  };

  const jsonSchema = operation.requestBody?.content['application/json']?.schema;
  const shapedBody = jsonSchema && Object.keys(jsonSchema).length ? shapedBy(resolve(jsonSchema)) : anyJson;
  const body: fc.Arbitrary<{ contentType?: string; body?: string }> = operation.requestBody
    ? fc.oneof(
        { weight: 12, arbitrary: shapedBody.map((value) => ({ contentType: 'application/json', body: JSON.stringify(value) })) },
        { weight: 1, arbitrary: malformedBody },
      )
    : fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: anyJson.map((value) => ({ contentType: 'application/json', body: JSON.stringify(value) })) });

  const params = (operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
  const paramValues = fc.tuple(...params.map((p) => pathValue(p.schema ?? {})));

  return fc.tuple(paramValues, body).map(([values, { contentType, body: text }]) => {
    let path = pathTemplate;
    const query: string[] = [];
    params.forEach((param, i) => {
      if (param.in === 'path') path = path.replace(`{${param.name}}`, values[i]);
      else query.push(`${param.name}=${values[i]}`);
    });
    if (query.length) path += `?${query.join('&')}`;
    return { method: method.toUpperCase(), path, contentType, body: text };
  });
}

/** Path and query values, already encoded: ids of the right type, hostile text, and percent-encoding no decoder takes. */
function pathValue(schema: JsonSchema): fc.Arbitrary<string> {
  const typed = schema.type === 'integer' ? fc.oneof(fc.integer({ min: -5, max: 10_000 }), edgeNumber).map(String) : fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 1, maxLength: 32 });
  return fc.oneof(
    { weight: 4, arbitrary: typed },
    { weight: 4, arbitrary: hostileString(30).filter((s) => s.length > 0).map(encodePathPart) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%00', '%ED%A0%80', '%C0%AF', '..', '%2F..%2F', '1e309', '-0', 'x'.repeat(4_000)) },
  );
}

/** encodeURIComponent, but a lone surrogate goes as the bytes CESU-8 would give it (which no UTF-8 decoder accepts). */
function encodePathPart(text: string): string {
  return [...text].map((c) => (c.isWellFormed() ? encodeURIComponent(c) : `%ED%${((c.charCodeAt(0) >> 6) & 0x3f | 0x80).toString(16).toUpperCase()}%${((c.charCodeAt(0) & 0x3f) | 0x80).toString(16).toUpperCase()}`)).join('');
}

const malformedBody: fc.Arbitrary<{ contentType?: string; body?: string }> = fc.oneof(
  fc.constantFrom(
    { contentType: 'application/json', body: '{"model_name": "stories260K", ' },
    { contentType: 'application/json', body: '' },
    { contentType: 'application/json', body: 'null' },
    { contentType: 'application/json', body: '"just a string"' },
    { contentType: 'application/json', body: '{"max_new_tokens": 1e309, "model_name": "stories260K", "prompt": "x"}' },
    { contentType: 'application/json', body: '{"prompt": "\\ud800", "model_name": "stories260K"}' },
    { contentType: 'application/json; charset=latin-9', body: '{}' },
    { contentType: 'text/plain', body: 'hello' },
    { contentType: 'application/x-www-form-urlencoded', body: 'model_name=stories260K&prompt=hi' },
    { contentType: undefined, body: undefined },
  ),
  fc.integer({ min: 33, max: 2_000 }).map((depth) => ({ contentType: 'application/json', body: '['.repeat(depth) + ']'.repeat(depth) })),
  fc.string({ unit: 'binary', maxLength: 40 }).map((text) => ({ contentType: 'application/json', body: text })),
);

/** Every operation the gateway serves, each with its request arbitrary. */
export function everyOperation(spec: OpenApiDocument) {
  return listSpecOperations(spec).map(({ method, path, operation }) => ({ method, path, operation, requests: fuzzRequests(spec, method, path, operation) }));
}
