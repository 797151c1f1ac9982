import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { ServiceProcess } from './service-process';
import { type TestPostgres, createPostgresDatabase } from './test-database';

const ROOT = join(__dirname, '../../..');

export interface DistributedPlatformOptions {
  /** The service under test besides gateway and registry, by its app folder (`inference`, `embedding`). */
  service: string;
  serviceEnv?: Record<string, string>;
  /** Further services to run beside it, by app folder, with their environment. */
  companions?: Record<string, Record<string, string>>;
  /** MODEL_DIRS of the registry. */
  modelDirs: string;
  /** Environment of every process (a shared LAMINI_DATA_DIR, say). */
  env?: Record<string, string>;
  /** Environment of one process by its app folder (`gateway`, `model-registry`, ...): its own NATS credentials, say. */
  processEnv?: (app: string) => Record<string, string>;
  /** The broker; the shared one on 4222 unless given. */
  natsUrl?: string;
}

export interface DistributedPlatform {
  database: TestPostgres;
  gatewayUrl: string;
  /** A key made by `npm run keys:create`'s script against the platform's database. */
  key: string;
  /** The service process, to kill and restart, and the URL that says it is ready. */
  service: ServiceProcess;
  serviceReadyUrl: string;
  /** The companion processes, by app folder. */
  companions: Record<string, ServiceProcess>;
  /** The model registry's health port, where its `/readyz` and `/metrics` are. */
  registryHealthUrl: string;
  stop(): Promise<void>;
}

/**
 * The process of the platform that holds a job's lease: JobWorker names its lease
 * `<host>:<pid>:<tag>`. For take-over tests, which kill the replica working on a job.
 */
export function leaseHolder(platform: Pick<DistributedPlatform, 'service' | 'companions'>, leaseOwner: string): ServiceProcess | undefined {
  const pid = Number(leaseOwner.split(':')[1]);
  return [platform.service, ...Object.values(platform.companions)].find((p) => p.pid === pid);
}

/**
 * Gateway, model registry and one service as separate processes over the real NATS and a fresh
 * PostgreSQL database, the way Kubernetes runs them; resolves once all three are ready.
 */
export async function startDistributedPlatform(options: DistributedPlatformOptions): Promise<DistributedPlatform> {
  const database = await createPostgresDatabase();
  const shared = { ...options.env, DATABASE_URL: database.url, NATS_URL: options.natsUrl ?? 'nats://127.0.0.1:4222' };
  const envOf = (app: string) => ({ ...shared, ...options.processEnv?.(app) });
  const [gatewayPort, registryPort, servicePort] = [await freePort(), await freePort(), await freePort()];
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const serviceReadyUrl = `http://127.0.0.1:${servicePort}/readyz`;
  const registry = new ServiceProcess('apps/model-registry/src/main.ts', { ...envOf('model-registry'), HEALTH_PORT: String(registryPort), MODEL_DIRS: options.modelDirs });
  const service = new ServiceProcess(`apps/${options.service}/src/main.ts`, { ...envOf(options.service), HEALTH_PORT: String(servicePort), ...options.serviceEnv });
  const gateway = new ServiceProcess('apps/gateway/src/main.ts', { ...envOf('gateway'), PORT: String(gatewayPort) });
  const companions = await Promise.all(
    Object.entries(options.companions ?? {}).map(async ([app, env]) => {
      const port = await freePort();
      return { app, process: new ServiceProcess(`apps/${app}/src/main.ts`, { ...envOf(app), HEALTH_PORT: String(port), ...env }), readyUrl: `http://127.0.0.1:${port}/readyz` };
    }),
  );
  const processes = [registry, service, ...companions.map((c) => c.process), gateway];
  const stop = async () => {
    for (const p of processes) await p.kill('SIGTERM');
    await database.drop();
  };
  try {
    processes.forEach((p) => p.start());
    await Promise.all([
      registry.waitForHttp(`http://127.0.0.1:${registryPort}/readyz`),
      service.waitForHttp(serviceReadyUrl),
      ...companions.map((c) => c.process.waitForHttp(c.readyUrl)),
      gateway.waitForHttp(`${gatewayUrl}/readyz`),
    ]);
    const created = await promisify(execFile)(process.execPath, ['-r', './tools/register.cjs', 'tools/keys/create-key.ts', '--owner', 'platform'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
    });
    const companionProcesses = Object.fromEntries(companions.map((c) => [c.app, c.process]));
    return { database, gatewayUrl, key: created.stdout.trim(), service, serviceReadyUrl, companions: companionProcesses, registryHealthUrl: `http://127.0.0.1:${registryPort}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
