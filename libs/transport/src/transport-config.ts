import type { JSONSchemaType } from 'ajv';
import { readConfig } from '@lamini/config';
import { InProcessBus } from './in-process/in-process-bus';

export type NatsTransportConfig = { kind: 'nats'; servers: string[] };
export type TransportConfig = NatsTransportConfig | { kind: 'in-process'; bus: InProcessBus };

interface TransportEnv {
  NATS_URL: string;
}

const schema: JSONSchemaType<TransportEnv> = {
  type: 'object',
  properties: { NATS_URL: { type: 'string', pattern: '^nats://', default: 'nats://127.0.0.1:4222' } },
  required: ['NATS_URL'],
};

export function readNatsConfig(env: NodeJS.ProcessEnv = process.env): NatsTransportConfig {
  return { kind: 'nats', servers: readConfig(schema, env).NATS_URL.split(',') };
}

export function inProcessTransport(): TransportConfig {
  return { kind: 'in-process', bus: new InProcessBus() };
}
