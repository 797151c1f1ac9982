import { type JsonSchema, type OpenApiDocument, listSpecOperations } from '@lamini/contracts';

type Schema = JsonSchema;

/**
 * For each operation of a spec, the smallest request that satisfies it: required fields
 * filled with a value of their type, path and query parameters given. Lets a test call every
 * operation without knowing them one by one.
 */
export function minimalRequests(spec: OpenApiDocument) {
  return listSpecOperations(spec).map(({ method, path, operation }) => {
    let url = path;
    const query = new URLSearchParams();
    for (const param of operation.parameters ?? []) {
      const value = String(sample(spec, param.schema ?? {}));
      if (param.in === 'path') url = url.replace(`{${param.name}}`, value);
      if (param.in === 'query') query.set(param.name, value);
    }
    if (query.size) url += `?${query}`;
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    const body = bodySchema && Object.keys(bodySchema).length ? sample(spec, bodySchema) : operation.requestBody ? {} : undefined;
    return { method, path, url, operationId: operation.operationId, body };
  });
}

function sample(spec: OpenApiDocument, schema: Schema): unknown {
  if (schema.$ref) return sample(spec, spec.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf) return sample(spec, schema.allOf[0]);
  if (schema.anyOf) return sample(spec, schema.anyOf[0]);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(spec, schema.items ?? { type: 'string' })];
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((name: string) => [name, sample(spec, schema.properties?.[name] ?? {})]));
    default:
      return 'x';
  }
}
