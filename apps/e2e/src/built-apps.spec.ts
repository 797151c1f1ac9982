import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GENERATED_MODELS_DIR, MINI_BERT, ServiceProcess, type TestPostgres, createPostgresDatabase, freePort } from '@lamini/testing';

const ROOT = join(__dirname, '../../..');
const run = promisify(execFile);
const node = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env } });

interface Manifest {
  dependencies: Record<string, string>;
}
interface Lockfile {
  packages: Record<string, { version?: string }>;
}
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/**
 * The apps as the images run them: `nx run <app>:build` (tools/build/build-app.cjs) into dist/,
 * then `node main.js` with no TypeScript tooling, from a folder outside the repository that holds
 * only the packages of the app's pruned lockfile (tools/build/stage-app.cjs), so a package the
 * build leaves out fails here. Gateway, model registry and embedding run in the distributed mode
 * over the real NATS and a fresh PostgreSQL database.
 */
describe('built apps: compiled JavaScript in dist/, run by plain node in the distributed mode', () => {
  const apps = ['gateway', 'model-registry', 'embedding', 'classifier'];
  let stage: string;
  let database: TestPostgres;
  let processes: ServiceProcess[] = [];
  let gatewayUrl: string;
  let key: string;

  beforeAll(async () => {
    stage = mkdtempSync(join(tmpdir(), 'built-apps-'));
    for (const app of apps) await node(['tools/build/build-app.cjs', app]);
    await Promise.all(apps.map((app) => node(['tools/build/stage-app.cjs', `dist/apps/${app}`, join(stage, app)])));

    database = await createPostgresDatabase();
    const common = { DATABASE_URL: database.url, NATS_URL: 'nats://127.0.0.1:4222', LAMINI_DATA_DIR: join(stage, 'data') };
    const [gatewayPort, registryPort, embeddingPort] = [await freePort(), await freePort(), await freePort()];
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const built = (app: string, env: Record<string, string>) =>
      new ServiceProcess(join(stage, app, 'main.js'), { ...common, ...env }, { runner: 'node', cwd: join(stage, app) });
    const registry = built('model-registry', { HEALTH_PORT: String(registryPort), MODEL_DIRS: GENERATED_MODELS_DIR });
    const embedding = built('embedding', { HEALTH_PORT: String(embeddingPort), EMBEDDING_GPU: 'off' });
    const gateway = built('gateway', { PORT: String(gatewayPort) });
    processes = [registry, embedding, gateway];
    processes.forEach((p) => p.start());
    await Promise.all([
      registry.waitForHttp(`http://127.0.0.1:${registryPort}/readyz`),
      embedding.waitForHttp(`http://127.0.0.1:${embeddingPort}/readyz`),
      gateway.waitForHttp(`${gatewayUrl}/readyz`),
    ]);
    // `npm run keys:create`, built into the gateway's folder as create-key.js.
    const created = await node([join(stage, 'gateway/create-key.js'), '--owner', 'built'], { DATABASE_URL: database.url });
    key = created.stdout.trim();
  }, 120_000);

  afterAll(async () => {
    for (const p of processes) await p.kill('SIGTERM');
    await database?.drop();
    if (stage) rmSync(stage, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${gatewayUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers } });

  it('builds JavaScript only, with a package.json of the packages each app imports and its migrations', () => {
    for (const app of apps) {
      const dist = join(ROOT, 'dist/apps', app);
      expect(filesUnder(dist).filter((f) => f.endsWith('.ts'))).toEqual([]);
      expect(existsSync(join(dist, 'prisma/migrations'))).toBe(true);
    }
    const gateway = readJson<Manifest>(join(ROOT, 'dist/apps/gateway/package.json')).dependencies;
    expect(gateway).toMatchObject({ express: expect.any(String), '@nestjs/platform-express': expect.any(String) });
    expect(Object.keys(gateway).filter((p) => /llama|onnxruntime|jest|swc|typescript|^nx$/.test(p))).toEqual([]);
    const embedding = readJson<Manifest>(join(ROOT, 'dist/apps/embedding/package.json')).dependencies;
    expect(Object.keys(embedding)).toEqual(expect.arrayContaining(['onnxruntime-node', 'node-llama-cpp', '@node-llama-cpp/linux-x64']));
    expect(Object.keys(embedding).filter((p) => p.startsWith('@node-llama-cpp/'))).toEqual(['@node-llama-cpp/linux-x64']);
  });

  it('selects the CUDA prebuilts, and no Vulkan or ARM one, for the CUDA images', async () => {
    await node(['tools/build/build-app.cjs', 'inference', '--native', 'cuda', '--out', join(stage, 'cuda')]);
    const lock = readJson<Lockfile>(join(stage, 'cuda/inference/package-lock.json'));
    const platforms = Object.keys(lock.packages).filter((p) => p.includes('@node-llama-cpp/'));
    expect(platforms.sort()).toEqual(['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext'].map((p) => `node_modules/@node-llama-cpp/${p}`));
  });

  it('writes lockfiles that npm installs as they are, asking no registry', async () => {
    for (const app of ['gateway', 'embedding']) {
      const copy = join(stage, `npm-${app}`);
      cpSync(join(ROOT, 'dist/apps', app), copy, { recursive: true });
      await run('npm', ['install', '--omit=dev', '--package-lock-only', '--offline', '--no-audit', '--no-fund', '--cache', join(stage, 'npm-cache')], {
        cwd: copy,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(readFileSync(join(copy, 'package-lock.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'dist/apps', app, 'package-lock.json'), 'utf8'));
    }
  });

  it('answers /readyz, and lists the models of the built registry through the built gateway', async () => {
    expect((await fetch(`${gatewayUrl}/readyz`)).status).toBe(200);
    const res = await api('/v1alpha/downloaded_models');
    expect(res.status).toBe(200);
    const models = (await res.json()) as Array<{ model_name: string; status: string }>;
    expect(models).toEqual(expect.arrayContaining([expect.objectContaining({ model_name: MINI_BERT.name, status: 'DOWNLOADED' })]));
    expect((await fetch(`${gatewayUrl}/docs`)).status).toBe(200);
  });

  it('embeds through the built gateway and the built embedding service on onnxruntime-node', async () => {
    const res = await api('/v1/embedding', { method: 'POST', body: JSON.stringify({ prompt: 'What is the capital of France?' }) });
    expect(res.status).toBe(200);
    const { embedding } = (await res.json()) as { embedding: number[] };
    expect(embedding).toHaveLength(MINI_BERT.hidden);
    expect(Math.hypot(...embedding)).toBeCloseTo(1, 5);
  });

  it("runs the classifier's worker thread from its built .cjs entry", async () => {
    const thread = join(stage, 'classifier/apps/classifier/src/app/training/head-training-thread.js');
    const script = `
      const { trainHeadInThread } = require(${JSON.stringify(thread)});
      const dims = 4, n = 40, vectors = new Float32Array(n * dims), labels = new Int32Array(n);
      for (let i = 0; i < n; i++) { labels[i] = i % 2; for (let d = 0; d < dims; d++) vectors[i * dims + d] = (labels[i] ? 1 : -1) + (d % 3) * 0.01 * i; }
      const input = { vectors, dimensions: dims, labels, trainOnly: new Array(n).fill(false), classNames: ['a', 'b'], holdoutFraction: 0.2 };
      trainHeadInThread(input, new AbortController().signal, () => {}).then((r) => console.log(JSON.stringify({ ts: Boolean(require.extensions['.ts']), accuracy: r.metrics.accuracy })));
    `;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: join(stage, 'classifier'), env: { ...process.env, NODE_OPTIONS: '' } });
    expect(JSON.parse(stdout)).toEqual({ ts: false, accuracy: 1 });
  });
});

/** What the images are, read from docker/ (no Docker daemon here): each is one built app. */
describe('Dockerfiles: each image holds its built app alone', () => {
  const dockerfiles = readdirSync(join(ROOT, 'docker')).filter((f) => f.endsWith('.Dockerfile'));
  const withBuild = readdirSync(join(ROOT, 'apps')).filter((app) => {
    const project = join(ROOT, 'apps', app, 'project.json');
    return existsSync(project) && readJson<{ targets: Record<string, unknown> }>(project).targets.build !== undefined;
  });

  it('has an image for every app with a build target', () => {
    expect(withBuild.length).toBeGreaterThan(0);
    expect(withBuild.filter((app) => !dockerfiles.includes(`${app}.Dockerfile`))).toEqual([]);
  });

  it.each(dockerfiles)("%s builds its app, and its runtime stage copies only the app's dist folder", (file) => {
    const text = readFileSync(join(ROOT, 'docker', file), 'utf8');
    const image = file.replace(/\.Dockerfile$/, '');
    const cuda = image.endsWith('-cuda');
    const app = image.replace(/-cuda$/, '');
    expect(text).toMatch(new RegExp(`^RUN npx nx run ${app}:build${cuda ? ':cuda' : ''}$`, 'm'));
    const stages = text.split(/^(?=FROM )/m).filter((stage) => stage.startsWith('FROM '));
    const runtime = stages[stages.length - 1];
    const copies = runtime.split('\n').filter((line) => line.startsWith('COPY '));
    expect(copies).toContain(`COPY --from=build /app/dist/apps/${app} ./`);
    const allowed = [`COPY --from=build /app/dist/apps/${app} ./`, 'COPY --from=node /usr/local/bin/node /usr/local/bin/node'];
    expect(copies.filter((copy) => !allowed.includes(copy))).toEqual([]);
    expect(runtime).not.toMatch(/node_modules|register\.cjs|\.ts\b/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^CMD \["node", "main\.js"\]$/m);
    if (app === 'inference' || app === 'standalone') expect(runtime).toMatch(/^ENV .*UV_THREADPOOL_SIZE=1/m);
    if (cuda) expect(text).not.toMatch(/linux-x64-vulkan|linux-arm/);
    else expect(text).not.toMatch(/cuda|vulkan/i);
  });
});
