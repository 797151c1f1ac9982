import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { type DownloadedModelView, RegistrySubjects } from '@lamini/contracts';
import {
  FakeHub,
  SHARED_MODELS_DIR,
  STORIES_260K_GGUF,
  ServiceProcess,
  type TestPostgres,
  createPostgresDatabase,
  fileFrom,
  freePort,
  sha256,
} from '@lamini/testing';
import { ServiceClient, createTransportClient, readNatsConfig } from '@lamini/transport';

const ROOT = join(__dirname, '../../..');
const STORIES = fileFrom(STORIES_260K_GGUF);

/**
 * Gateway and model registry as separate processes over the real NATS and PostgreSQL, the way
 * Kubernetes runs them; the registry is killed with SIGKILL in the middle of a download.
 */
describe('distributed mode: gateway and model-registry processes over NATS and PostgreSQL', () => {
  let database: TestPostgres;
  let hub: FakeHub;
  let storeDir: string;
  let gateway: ServiceProcess;
  let registry: ServiceProcess;
  let gatewayUrl: string;
  let registryHealth: string;
  let key: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    hub = new FakeHub({ 'ggml-org/stories260K': { files: { 'stories260K.gguf': STORIES } } }, { bytesPerSecond: 150_000 });
    await hub.start();
    storeDir = mkdtempSync(join(tmpdir(), 'store-'));
    const common = { DATABASE_URL: database.url, NATS_URL: 'nats://127.0.0.1:4222' };
    const [gatewayPort, healthPort] = [await freePort(), await freePort()];
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    registryHealth = `http://127.0.0.1:${healthPort}/readyz`;
    registry = new ServiceProcess('apps/model-registry/src/main.ts', {
      ...common,
      HEALTH_PORT: String(healthPort),
      HF_ENDPOINT: hub.url,
      MODEL_DIRS: SHARED_MODELS_DIR,
      MODEL_STORE_DIR: storeDir,
      LAMINI_DATA_DIR: storeDir,
      DOWNLOAD_LEASE_MS: '1500',
      DOWNLOAD_POLL_MS: '200',
    });
    gateway = new ServiceProcess('apps/gateway/src/main.ts', { ...common, PORT: String(gatewayPort), AUTH_CACHE_MS: '0' });
    registry.start();
    gateway.start();
    await Promise.all([registry.waitForHttp(registryHealth), gateway.waitForHttp(`${gatewayUrl}/readyz`)]);
    key = (await keysScript('create-key.ts', '--owner', 'ops')).trim();
  }, 120_000);

  afterAll(async () => {
    await registry?.kill();
    await gateway?.kill();
    await hub?.stop();
    await database?.drop();
  });

  const keysScript = async (script: string, ...args: string[]) =>
    (
      await promisify(execFile)(process.execPath, ['-r', './tools/register.cjs', `tools/keys/${script}`, ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: database.url },
      })
    ).stdout;

  const get = (path: string) => fetch(`${gatewayUrl}${path}`, { headers: { Authorization: `Bearer ${key}` } });
  /** The model list, or nothing while the registry is (re)starting and the gateway answers 503. */
  const models = async (): Promise<DownloadedModelView[]> => {
    const res = await get('/v1alpha/downloaded_models');
    return res.ok ? ((await res.json()) as DownloadedModelView[]) : [];
  };

  it('serves the registry through the gateway with a key made by `npm run keys:create`', async () => {
    expect(key).toMatch(/^lmn_/);
    expect((await fetch(`${gatewayUrl}/v1alpha/downloaded_models`)).status).toBe(401);
    const res = await get('/v1alpha/downloaded_models');
    expect(res.status).toBe(200);
    expect(await res.json()).toContainEqual(expect.objectContaining({ model_name: 'stories260K', status: 'DOWNLOADED' }));
  });

  it('stops accepting a key revoked with `npm run keys:revoke`', async () => {
    const spare = (await keysScript('create-key.ts', '--owner', 'ops')).trim();
    const list = () => fetch(`${gatewayUrl}/v1alpha/downloaded_models`, { headers: { Authorization: `Bearer ${spare}` } });
    expect((await list()).status).toBe(200);
    expect(await keysScript('revoke-key.ts', spare)).toContain('revoked 1 key(s)');
    expect((await list()).status).toBe(401);
  });

  it('answers 503 at once while the registry is down, and recovers when it is back', async () => {
    await registry.kill();
    const started = Date.now();
    const res = await get('/v1alpha/downloaded_models');
    expect([res.status, await res.json()]).toEqual([503, { detail: 'model-registry unavailable' }]);
    expect(Date.now() - started).toBeLessThan(3_000);
    registry.start();
    await registry.waitForHttp(registryHealth);
    expect((await get('/v1alpha/downloaded_models')).status).toBe(200);
  });

  it('finishes a download whose registry was killed halfway, after a restart, with the right sha256', async () => {
    const post = await fetch(`${gatewayUrl}/v1alpha/downloaded_models/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ hf_model_name: 'ggml-org/stories260K', model_type: 'transformer' }),
    });
    expect([post.status, await post.json()]).toEqual([
      200,
      { model_name: 'ggml-org/stories260K', model_type: 'transformer', status: 'waiting' },
    ]);

    const partialSize = await waitFor(() => {
      const partial = findFiles(storeDir, '.partial')[0];
      return partial && statSync(partial).size > 300_000 ? statSync(partial).size : undefined;
    });
    await registry.kill('SIGKILL');
    expect(partialSize).toBeLessThan(STORIES.content.length);

    registry.start();
    const done = await waitFor(async () => (await models()).find((m) => m.model_name === 'ggml-org/stories260K' && m.status === 'DOWNLOADED'), 60_000);
    expect(done).toMatchObject({ size_bytes: STORIES.content.length, progress: 1 });

    const [file] = findFiles(storeDir, '.gguf');
    expect(sha256(readFileSync(file))).toBe(sha256(STORIES.content));
    expect(hub.requests.some((r) => r.range && Number(/bytes=(\d+)-/.exec(r.range)![1]) >= 300_000)).toBe(true);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query("SELECT status, attempts FROM jobs WHERE queue = 'model-download'");
    const owner = (await client.query("SELECT id, name FROM owners WHERE name = 'ops'")).rows[0];
    await client.end();
    expect(rows).toEqual([{ status: 'succeeded', attempts: 2 }]);

    // What an engine service does to find the files: ask the registry over NATS.
    const proxy = createTransportClient(readNatsConfig());
    try {
      const resolved = await new ServiceClient(proxy).send(RegistrySubjects.resolveModel, owner, { model_name: 'ggml-org/stories260K' });
      expect(resolved).toEqual({
        model_name: 'ggml-org/stories260K',
        model_type: 'transformer',
        files: [{ name: 'stories260K.gguf', path: file, size: STORIES.content.length }],
      });
    } finally {
      await proxy.close();
    }
  });
});

function findFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? findFiles(join(dir, e.name), suffix) : e.name.endsWith(suffix) ? [join(dir, e.name)] : [],
  );
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
