/**
 * npm run bench:gateway: what the gateway adds to a request, in both modes. The operation is
 * `GET /v1alpha/downloaded_models` (one database query and a directory scan in the registry);
 * each mode's baseline calls RegistryService.list directly, on the same database engine, so the
 * difference is HTTP + authentication + spec validation + transport.
 */
import { Test } from '@nestjs/testing';
import { ModelRegistryModule, RegistryService } from '@lamini/app-model-registry';
import { RegistrySubjects } from '@lamini/contracts';
import { MetricsModule } from '@lamini/metrics';
import { ApiKeyStore, PersistenceModule } from '@lamini/persistence';
import {
  SHARED_MODELS_DIR,
  ServiceProcess,
  createPostgresDatabase,
  freePort,
  pgliteInMemory,
} from '@lamini/testing';
import { ServiceClient, TransportModule, readNatsConfig } from '@lamini/transport';
import { createStandaloneApp } from '@lamini/app-standalone';
import { runBenchmark } from './bench-results';
import { httpRequest } from './http-client';
import { added, measureLatency } from './latency-stats';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const KEY = 'lmn_bench_key';

async function embedded() {
  const { app } = await createStandaloneApp({ database: pgliteInMemory(), apiKey: KEY, logger: false });
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  const owner = (await app.get(ApiKeyStore).authenticate(KEY))!;
  const registry = app.get(RegistryService, { strict: false });
  const client = app.get(ServiceClient);
  const direct = await measureLatency(() => registry.list(owner), REQUESTS);
  const transport = await measureLatency(() => client.send(RegistrySubjects.listModels, owner, {}), REQUESTS);
  const http = await measureLatency(() => get(`http://127.0.0.1:${port}/v1alpha/downloaded_models`), REQUESTS);
  await app.close();
  return { direct, transport_only: transport, through_gateway: http, gateway_added: added(http, direct) };
}

async function distributed() {
  const database = await createPostgresDatabase();
  const common = { DATABASE_URL: database.url, NATS_URL: readNatsConfig().servers.join(','), MODEL_DIRS: SHARED_MODELS_DIR };
  const [gatewayPort, healthPort] = [await freePort(), await freePort()];
  const registryProcess = new ServiceProcess('apps/model-registry/src/main.ts', { ...common, HEALTH_PORT: String(healthPort) }).start();
  const gatewayProcess = new ServiceProcess('apps/gateway/src/main.ts', { ...common, PORT: String(gatewayPort) }).start();
  const moduleRef = await Test.createTestingModule({
    imports: [MetricsModule, PersistenceModule.forRoot(database.config), TransportModule.forRoot(readNatsConfig()), ModelRegistryModule],
  }).compile();
  const context = moduleRef.createNestApplication({ logger: false });
  await context.init();
  try {
    await Promise.all([
      registryProcess.waitForHttp(`http://127.0.0.1:${healthPort}/readyz`),
      gatewayProcess.waitForHttp(`http://127.0.0.1:${gatewayPort}/readyz`),
    ]);
    const keys = context.get(ApiKeyStore);
    await keys.issue('bench', { key: KEY });
    const owner = (await keys.authenticate(KEY))!;
    const registry = context.get(RegistryService);
    const client = context.get(ServiceClient);
    const direct = await measureLatency(() => registry.list(owner), REQUESTS);
    const transport = await measureLatency(() => client.send(RegistrySubjects.listModels, owner, {}), REQUESTS);
    const http = await measureLatency(() => get(`http://127.0.0.1:${gatewayPort}/v1alpha/downloaded_models`), REQUESTS);
    return { direct, transport_only: transport, through_gateway: http, gateway_added: added(http, direct) };
  } finally {
    await context.close();
    await registryProcess.kill('SIGTERM');
    await gatewayProcess.kill('SIGTERM');
    await database.drop();
  }
}

async function get(url: string) {
  const res = await httpRequest(url, { headers: { Authorization: `Bearer ${KEY}` } });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
}

runBenchmark('gateway-latency', async () => ({
  operation: 'GET /v1alpha/downloaded_models',
  in_process: await embedded(),
  nats: await distributed(),
}));
