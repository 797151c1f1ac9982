import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InvalidInputError, ModelDownloadingError, ModelNotFoundError, type OwnerContext } from '@lamini/contracts';
import { MetricsModule } from '@lamini/metrics';
import { ApiKeyStore, type DatabaseConfig, PersistenceModule, PrismaService } from '@lamini/persistence';
import { FakeHub, SHARED_MODELS_DIR, STORIES_260K_GGUF, fileFrom, sha256 } from '@lamini/testing';
import { ModelRegistryModule } from './model-registry.module';
import { REGISTRY_CONFIG, type RegistryConfig } from './registry.config';
import { RegistryService } from './registry.service';

const STORIES = fileFrom(STORIES_260K_GGUF);
const STORIES_SHA = sha256(STORIES.content);

const hubRepos = {
  'ggml-org/stories260K': { files: { 'stories260K.gguf': STORIES, 'README.md': { content: Buffer.from('# stories') } } },
  'acme/quantised': {
    files: {
      'm-Q8_0.gguf': { content: Buffer.from('eight bits') },
      'm-Q4_K_M.gguf': { content: Buffer.from('four bits, k-quant') },
    },
  },
  'acme/tampered': { files: { 'bad.gguf': { content: Buffer.from('real bytes'), advertisedSha256: 'f'.repeat(64) } } },
  'acme/private': { token: 'hf_secret_token', files: { 'p.gguf': { content: Buffer.from('private weights') } } },
  'acme/embedder': {
    files: {
      'onnx/model.onnx': { content: Buffer.from('onnx graph') },
      'tokenizer.json': fileFrom(join(SHARED_MODELS_DIR, 'all-MiniLM-L6-v2-tokenizer/tokenizer.json')),
      'config.json': fileFrom(join(SHARED_MODELS_DIR, 'all-MiniLM-L6-v2-tokenizer/config.json')),
      'README.md': { content: Buffer.from('# embedder') },
    },
  },
};

describe('RegistryService', () => {
  let hub: FakeHub;
  let workDir: string;
  let app: INestApplication;
  let registry: RegistryService;
  let owner: OwnerContext;

  async function startRegistry(hubEndpoint: string) {
    const database: DatabaseConfig = { kind: 'pglite', dataDir: join(workDir, 'pglite') };
    const config: RegistryConfig = {
      modelDirs: [SHARED_MODELS_DIR],
      scanReuseMs: 1_000,
      storeDir: join(workDir, 'store'),
      hubEndpoint,
      ggufPreference: ['Q4_K_M', 'Q8_0'],
      secretKeyFile: join(workDir, 'secret.key'),
      secretKey: undefined,
      leaseMs: 1_000,
      pollMs: 100,
      concurrency: 2,
    };
    const moduleRef = await Test.createTestingModule({ imports: [MetricsModule, PersistenceModule.forRoot(database), ModelRegistryModule] })
      .overrideProvider(REGISTRY_CONFIG)
      .useValue(config)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    registry = app.get(RegistryService);
    owner = (await app.get(ApiKeyStore).issue('tester')).owner;
  }

  async function waitForStatus(name: string, status: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const model = (await registry.list(owner)).find((m) => m.model_name === name);
      if (model?.status === status) return model;
      if (Date.now() > deadline) throw new Error(`${name} is ${model?.status}, not ${status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeEach(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'registry-'));
  });

  afterEach(async () => {
    await app?.close();
    await hub?.stop();
  });

  describe('with a fast hub', () => {
    beforeEach(async () => {
      hub = new FakeHub(hubRepos);
      await startRegistry(await hub.start());
    });

    it('lists the models found on disk', async () => {
      expect(await registry.list(owner)).toContainEqual(
        expect.objectContaining({ model_name: 'stories260K', model_type: 'transformer', status: 'DOWNLOADED', size_bytes: 1_185_376 }),
      );
    });

    it('downloads a GGUF into the store, verified, and resolves it to its file', async () => {
      const started = await registry.download(owner, { hf_model_name: 'ggml-org/stories260K', model_type: 'transformer' });
      expect(started).toEqual({ model_name: 'ggml-org/stories260K', model_type: 'transformer', status: 'waiting' });
      const done = await waitForStatus('ggml-org/stories260K', 'DOWNLOADED');
      expect(done).toMatchObject({ size_bytes: STORIES.content.length, progress: 1, download_attempts: 1 });
      const resolved = await registry.resolve(owner, 'ggml-org/stories260K');
      expect(resolved.files.map((f) => f.name)).toEqual(['stories260K.gguf']);
      expect(sha256(readFileSync(resolved.files[0].path))).toBe(STORIES_SHA);
      expect(hub.requests.some((r) => r.path.endsWith('README.md'))).toBe(false);
    });

    it('answers a request for a model on disk with available, the word the SDK waits for, and starts nothing', async () => {
      expect(await registry.download(owner, { hf_model_name: 'stories260K', model_type: 'transformer' })).toEqual({
        model_name: 'stories260K',
        model_type: 'transformer',
        status: 'available',
      });
      expect(await app.get(PrismaService).job.count()).toBe(0);
    });

    it('refuses a hub download without a namespace, storing nothing', async () => {
      const error = await registry.download(owner, { hf_model_name: '1e309', model_type: 'transformer' }).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ loc: ['hf_model_name'], detail: expect.stringContaining('<namespace>/<name>') });
      expect([await app.get(PrismaService).job.count(), await app.get(PrismaService).model.count()]).toEqual([0, 0]);
      expect(hub.requests).toEqual([]);
    });

    it('treats a repeated request as the same download', async () => {
      const request = { hf_model_name: 'ggml-org/stories260K', model_type: 'transformer' as const };
      await registry.download(owner, request);
      await registry.download(owner, request);
      await waitForStatus('ggml-org/stories260K', 'DOWNLOADED');
      expect(await registry.download(owner, request)).toMatchObject({ status: 'available' });
      expect(await app.get(PrismaService).job.count()).toBe(1);
      expect(hub.requests.filter((r) => r.path.includes('/resolve/'))).toHaveLength(1);
    });

    it('chooses the preferred quantisation', async () => {
      await registry.download(owner, { hf_model_name: 'acme/quantised', model_type: 'transformer' });
      await waitForStatus('acme/quantised', 'DOWNLOADED');
      expect((await registry.resolve(owner, 'acme/quantised')).files.map((f) => f.name)).toEqual(['m-Q4_K_M.gguf']);
    });

    it('takes only what the embedding engine reads', async () => {
      await registry.download(owner, { hf_model_name: 'acme/embedder', model_type: 'embedding' });
      await waitForStatus('acme/embedder', 'DOWNLOADED');
      const resolved = await registry.resolve(owner, 'acme/embedder');
      expect(resolved.model_type).toBe('embedding');
      expect(resolved.files.map((f) => f.name)).toEqual(['onnx/model.onnx', 'tokenizer.json', 'config.json']);
    });

    it('rejects a file whose sha256 differs from the hub\u2019s and keeps nothing of it', async () => {
      await registry.download(owner, { hf_model_name: 'acme/tampered', model_type: 'transformer' });
      const failed = await waitForStatus('acme/tampered', 'FAILED');
      expect(failed.prev_download_error).toMatch(/sha256 .* does not match/);
      await expect(registry.resolve(owner, 'acme/tampered')).rejects.toThrow(/failed to download/);
      const job = await app.get(PrismaService).job.findFirstOrThrow();
      expect(job.status).toBe('failed');
      expect(existsSync(join(workDir, 'store'))).toBe(true);
      expect(readdirDeep(join(workDir, 'store')).filter((f) => f.endsWith('.gguf') || f.endsWith('.partial'))).toEqual([]);
    });

    it('fails a download of an unknown repository with a clear error', async () => {
      await registry.download(owner, { hf_model_name: 'nobody/nothing', model_type: 'transformer' });
      const failed = await waitForStatus('nobody/nothing', 'FAILED');
      expect(failed.prev_download_error).toBe('nobody/nothing was not found on the hub');
      expect((await app.get(PrismaService).job.findFirstOrThrow()).error).toBe('nobody/nothing was not found on the hub');
    });

    it('reports a download whose job was given up as failed, and retries it when asked again', async () => {
      const request = { hf_model_name: 'ggml-org/stories260K', model_type: 'transformer' as const };
      await registry.download(owner, request);
      await waitForStatus(request.hf_model_name, 'DOWNLOADED');
      const prisma = app.get(PrismaService);
      // What a job looks like after its workers died more often than maxAttempts allows.
      await prisma.model.updateMany({ data: { status: 'DOWNLOADING' } });
      await prisma.job.updateMany({ data: { status: 'failed', error: 'worker lost after 5 attempts' } });
      expect(await waitForStatus(request.hf_model_name, 'FAILED')).toMatchObject({ prev_download_error: 'worker lost after 5 attempts' });
      expect(await registry.download(owner, request)).toMatchObject({ status: 'waiting' });
      expect(await waitForStatus(request.hf_model_name, 'DOWNLOADED')).toMatchObject({ download_attempts: 2 });
    });

    it('uses a private token only as a Bearer header, never storing it in clear', async () => {
      await registry.download(owner, { hf_model_name: 'acme/private', model_type: 'transformer', private_hf_token: 'hf_secret_token' });
      const done = await waitForStatus('acme/private', 'DOWNLOADED');
      expect(done).toMatchObject({ is_public: false, user_id: owner.id });
      expect(hub.requests.every((r) => r.authorization === 'Bearer hf_secret_token')).toBe(true);
      const rows = JSON.stringify(await app.get(PrismaService).job.findMany()) + JSON.stringify(await app.get(PrismaService).model.findMany({ select: { id: true, name: true, files: true, error: true } }));
      expect(rows).not.toContain('hf_secret_token');
      const stranger = (await app.get(ApiKeyStore).issue('stranger')).owner;
      expect((await registry.list(stranger)).map((m) => m.model_name)).not.toContain('acme/private');
      await expect(registry.resolve(stranger, 'acme/private')).rejects.toBeInstanceOf(ModelNotFoundError);
    });

    it('tells a model that is still downloading from one that does not exist', async () => {
      await expect(registry.resolve(owner, 'no/such-model')).rejects.toBeInstanceOf(ModelNotFoundError);
      await hub.stop();
      hub = new FakeHub(hubRepos, { bytesPerSecond: 50_000 });
      await app.close();
      await startRegistry(await hub.start());
      await registry.download(owner, { hf_model_name: 'ggml-org/stories260K', model_type: 'transformer' });
      await expect(registry.resolve(owner, 'ggml-org/stories260K')).rejects.toBeInstanceOf(ModelDownloadingError);
    });
  });

  it('resumes an interrupted download from where it stopped, with an HTTP Range', async () => {
    hub = new FakeHub(hubRepos, { bytesPerSecond: 400_000 });
    const endpoint = await hub.start();
    await startRegistry(endpoint);
    await registry.download(owner, { hf_model_name: 'ggml-org/stories260K', model_type: 'transformer' });
    const partial = await waitForPartial(join(workDir, 'store'), 300_000);
    await app.close();
    const sizeAtStop = statSync(partial).size;
    expect(sizeAtStop).toBeLessThan(STORIES.content.length);

    await startRegistry(endpoint);
    await waitForStatus('ggml-org/stories260K', 'DOWNLOADED');
    const ranges = hub.requests.filter((r) => r.range).map((r) => Number(/bytes=(\d+)-/.exec(r.range!)![1]));
    expect(ranges).toHaveLength(1);
    expect(ranges[0]).toBeGreaterThanOrEqual(sizeAtStop);
    const resolved = await registry.resolve(owner, 'ggml-org/stories260K');
    expect(createHash('sha256').update(readFileSync(resolved.files[0].path)).digest('hex')).toBe(STORIES_SHA);
  });
});

async function waitForPartial(dir: string, minBytes: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const partial = readdirDeep(dir).find((f) => f.endsWith('.partial'));
    if (partial && statSync(partial).size >= minBytes) return partial;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no partial download appeared');
}

function readdirDeep(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? readdirDeep(join(dir, e.name)) : [join(dir, e.name)],
  );
}
