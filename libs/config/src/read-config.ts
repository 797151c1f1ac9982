import Ajv, { type JSONSchemaType } from 'ajv';

export class ConfigError extends Error {}

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, allowUnionTypes: true });

/**
 * Reads the variables a schema names from the environment, coerces and defaults them, and
 * fails naming every bad variable, so a misconfigured process stops at start, not mid-request.
 */
export function readConfig<T extends object>(schema: JSONSchemaType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const validate = ajv.compile(schema);
  const names = Object.keys(schema.properties ?? {});
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') values[name] = raw;
  }
  if (!validate(values)) {
    const problems = (validate.errors ?? []).map((e) => {
      const variable = e.instancePath.replace(/^\//, '') || String(e.params?.missingProperty ?? '');
      return `${variable}: ${e.message}`;
    });
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  return values as T;
}

/** A comma- or colon-separated list variable. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,:]/)
    .map((item) => item.trim())
    .filter(Boolean);
}
