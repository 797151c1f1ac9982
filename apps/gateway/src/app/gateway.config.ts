import type { JSONSchemaType } from 'ajv';
import { readConfig } from '@lamini/config';

export interface GatewayConfig {
  port: number;
  host: string;
  bodyLimit: string;
  authCacheMs: number;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

interface GatewayEnv {
  PORT: number;
  HOST: string;
  BODY_LIMIT: string;
  AUTH_CACHE_MS: number;
}

const schema: JSONSchemaType<GatewayEnv> = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 5001 },
    HOST: { type: 'string', default: '0.0.0.0' },
    BODY_LIMIT: { type: 'string', pattern: '^\\d+(b|kb|mb)$', default: '10mb' },
    AUTH_CACHE_MS: { type: 'integer', minimum: 0, default: 5_000 },
  },
  required: ['PORT', 'HOST', 'BODY_LIMIT', 'AUTH_CACHE_MS'],
};

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const values = readConfig(schema, env);
  return { port: values.PORT, host: values.HOST, bodyLimit: values.BODY_LIMIT, authCacheMs: values.AUTH_CACHE_MS };
}
