import type { JsonSchema } from '@lamini/contracts';
import { type ResolveRef, expandSchema, isPlainObject } from './schema-walk';

/**
 * FastAPI's `Optional` fields take `null` as "not given", and the Lamini SDK sends `null` for
 * every option its caller left unset. The spec does not say so (its optional fields are not
 * nullable), so before validation every `null` on a field the schema does not require is
 * removed, at any depth the schema describes; defaults then fill in as for an absent field. A
 * required field that is `null` stays, and fails validation.
 */
export function dropOptionalNulls(value: unknown, schema: JsonSchema | undefined, resolve: ResolveRef): void {
  for (const node of expandSchema(schema, resolve)) {
    if (isPlainObject(value) && node.properties) {
      const required = new Set(node.required ?? []);
      for (const [name, fieldSchema] of Object.entries(node.properties)) {
        if (!(name in value)) continue;
        if (value[name] === null && !required.has(name)) delete value[name];
        else dropOptionalNulls(value[name], fieldSchema, resolve);
      }
    }
    if (Array.isArray(value) && node.items) for (const item of value) dropOptionalNulls(item, node.items, resolve);
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) dropOptionalNulls(value, branch, resolve);
  }
}
