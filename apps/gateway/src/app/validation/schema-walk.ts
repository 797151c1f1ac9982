import type { JsonSchema } from '@lamini/contracts';

export type ResolveRef = (ref: string) => JsonSchema | undefined;

/** `$ref` and single-member `allOf` wrappers followed to the schemas that say something. */
export function expandSchema(schema: JsonSchema | undefined, resolve: ResolveRef, seen = new Set<string>()): JsonSchema[] {
  if (!schema) return [];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return expandSchema(resolve(schema.$ref), resolve, seen);
  }
  if (schema.allOf) return [schema, ...schema.allOf.flatMap((member) => expandSchema(member, resolve, seen))];
  return [schema];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
