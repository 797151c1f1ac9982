/**
 * Bounds every `integer` of the spec that has no bounds of its own to what JavaScript, JSON and
 * a PostgreSQL bigint all hold exactly (±2^53−1). Without it `1e300` is a valid integer, and
 * a job id or token count that size reaches a service (and a database column) that cannot
 * take it. Works on a copy the validator compiles; the documented spec is left as it is.
 */
export function boundIntegers<T>(document: T): T {
  const stack: unknown[] = [document];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const schema = node as Record<string, unknown>;
    if (schema['type'] === 'integer') {
      schema['minimum'] ??= Number.MIN_SAFE_INTEGER;
      schema['maximum'] ??= Number.MAX_SAFE_INTEGER;
    }
    stack.push(...Object.values(schema));
  }
  return document;
}
