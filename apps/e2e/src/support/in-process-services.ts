import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { OwnerContext } from '@lamini/contracts';
import { MetricsModule } from '@lamini/metrics';
import { ApiKeyStore, PersistenceModule } from '@lamini/persistence';
import { pgliteInMemory, setEnv } from '@lamini/testing';
import { DomainErrorInterceptor, TransportModule, inProcessTransport, serverOptionsFor } from '@lamini/transport';

export interface InProcessServices {
  app: INestApplication;
  /** An owner with an API key, for calling the services' own classes directly. */
  owner: OwnerContext;
  close(): Promise<void>;
}

/**
 * Service modules without the gateway, in one process on the in-process transport and an
 * in-memory PGlite: for tests that call a service's classes directly while it reaches the
 * other services (the registry, say) over the transport as it does in production.
 */
export async function startInProcessServices(imports: Array<Type | DynamicModule>, env: Record<string, string> = {}): Promise<InProcessServices> {
  const restoreEnv = setEnv(env);
  const transport = inProcessTransport();
  const moduleRef = await Test.createTestingModule({
    imports: [MetricsModule, PersistenceModule.forRoot(pgliteInMemory()), TransportModule.forRoot(transport), ...imports],
    providers: [{ provide: APP_INTERCEPTOR, useClass: DomainErrorInterceptor }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  // One in-process server registers every module's message handlers.
  app.connectMicroservice(serverOptionsFor(transport, 'model-registry'), { inheritAppConfig: true });
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
