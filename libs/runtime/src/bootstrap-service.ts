import 'reflect-metadata';
import { type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { JSONSchemaType } from 'ajv';
import type { ServiceName } from '@lamini/contracts';
import { readConfig } from '@lamini/config';
import { type TransportConfig, serverOptionsFor } from '@lamini/transport';

interface ServiceProcessEnv {
  HEALTH_PORT: number;
  HOST: string;
}

const schema: JSONSchemaType<ServiceProcessEnv> = {
  type: 'object',
  properties: {
    HEALTH_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    HOST: { type: 'string', default: '0.0.0.0' },
  },
  required: ['HEALTH_PORT', 'HOST'],
};

/**
 * Starts one service as its own process: its message handlers on the transport, and a small
 * HTTP server for the Kubernetes probes.
 */
export async function bootstrapService(service: ServiceName, rootModule: Type, transport: TransportConfig): Promise<INestApplication> {
  const env = readConfig(schema);
  const app = await NestFactory.create(rootModule, { bufferLogs: false });
  app.connectMicroservice(serverOptionsFor(transport, service), { inheritAppConfig: true });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(env.HEALTH_PORT, env.HOST);
  Logger.log(`${service} ready; probes on :${env.HEALTH_PORT}`, 'Bootstrap');
  return app;
}
