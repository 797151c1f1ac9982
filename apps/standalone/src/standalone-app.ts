import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GatewayModule, configureGateway } from '@lamini/app-gateway';
import { EmbeddingModule } from '@lamini/app-embedding';
import { InferenceModule } from '@lamini/app-inference';
import { ModelRegistryModule } from '@lamini/app-model-registry';
import { TrainerModule } from '@lamini/app-trainer';
import { MemoryRagModule } from '@lamini/app-memory-rag';
import { ClassifierModule } from '@lamini/app-classifier';
import { MetricsModule } from '@lamini/metrics';
import { ApiKeyStore, type DatabaseConfig, PersistenceModule, readDatabaseConfig } from '@lamini/persistence';
import { ServiceRuntimeModule } from '@lamini/runtime';
import { TransportModule, inProcessTransport, serverOptionsFor } from '@lamini/transport';
import { ensureApiKey } from './ensure-api-key';

export interface StandaloneApp {
  app: NestExpressApplication;
  /** The key created or adopted at start; null when keys already existed. */
  apiKey: string | null;
}

/**
 * Every service in one process: the gateway's client and the services' servers meet on an
 * in-process bus, and the database is PGlite in the data directory.
 */
export async function createStandaloneApp(
  options: { database?: DatabaseConfig; apiKey?: string; logger?: false } = {},
): Promise<StandaloneApp> {
  const transport = inProcessTransport();

  @Module({
    imports: [
      MetricsModule,
      PersistenceModule.forRoot(options.database ?? readDatabaseConfig()),
      TransportModule.forRoot(transport),
      ServiceRuntimeModule,
      GatewayModule,
      ModelRegistryModule,
      InferenceModule,
      EmbeddingModule,
      TrainerModule,
      MemoryRagModule,
      ClassifierModule,
    ],
  })
  class StandaloneModule {}

  const app = await NestFactory.create<NestExpressApplication>(StandaloneModule, {
    bodyParser: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  configureGateway(app);
  // One in-process server registers every module's message handlers.
  app.connectMicroservice(serverOptionsFor(transport, 'model-registry'), { inheritAppConfig: true });
  await app.startAllMicroservices();
  const apiKey = await ensureApiKey(app.get(ApiKeyStore), options.apiKey ?? process.env.LAMINI_API_KEY);
  return { app, apiKey };
}
