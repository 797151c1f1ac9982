import type { INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { OwnerContext } from '@lamini/contracts';
import { ApiKeyStore, PersistenceModule } from '@lamini/persistence';
import { SHARED_MODELS_DIR, pgliteInMemory, setEnv } from '@lamini/testing';
import { DomainErrorInterceptor, TransportModule, inProcessTransport, serverOptionsFor } from '@lamini/transport';
import { ModelRegistryModule } from '@lamini/app-model-registry';
import { InferenceModule } from '../inference.module';

export interface InferenceTestApp {
  app: INestApplication;
  owner: OwnerContext;
  close(): Promise<void>;
}

/** The inference module on the real engine, with the registry in the same process finding ../shared/models. */
export async function startInferenceTestApp(env: Record<string, string> = {}): Promise<InferenceTestApp> {
  const restoreEnv = setEnv({ MODEL_DIRS: SHARED_MODELS_DIR, INFERENCE_GPU: 'off', ...env });
  const transport = inProcessTransport();
  const moduleRef = await Test.createTestingModule({
    imports: [PersistenceModule.forRoot(pgliteInMemory()), TransportModule.forRoot(transport), ModelRegistryModule, InferenceModule],
    providers: [{ provide: APP_INTERCEPTOR, useClass: DomainErrorInterceptor }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.connectMicroservice(serverOptionsFor(transport, 'inference'), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.init();
  const owner = (await app.get(ApiKeyStore).issue('reader')).owner;
  return {
    app,
    owner,
    close: async () => {
      await app.close();
      restoreEnv();
    },
  };
}
