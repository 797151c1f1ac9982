import spec from './lamini-openapi.json';

/** A JSON Schema as the spec writes one: the keywords our code reads, and any others. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  title?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  [keyword: string]: unknown;
}

/** The committed OpenAPI document: the contract the gateway validates every request against. */
export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export const LAMINI_SPEC = spec as unknown as OpenApiDocument;

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every (method, path, operation) the spec declares. */
export function listSpecOperations(doc: OpenApiDocument = LAMINI_SPEC) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })),
  );
}
