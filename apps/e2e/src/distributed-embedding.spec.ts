import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GENERATED_MODELS_DIR, MINI_BERT, ServiceProcess, type TestPostgres, createPostgresDatabase, freePort } from '@lamini/testing';

const ROOT = join(__dirname, '../../..');

/** Gateway, model registry and embedding as separate processes over the real NATS and PostgreSQL. */
describe('distributed mode: embeddings through gateway, registry and embedding processes', () => {
  let database: TestPostgres;
  let processes: ServiceProcess[];
  let gatewayUrl: string;
  let key: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const common = { DATABASE_URL: database.url, NATS_URL: 'nats://127.0.0.1:4222' };
    const [gatewayPort, registryPort, embeddingPort] = [await freePort(), await freePort(), await freePort()];
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    processes = [
      new ServiceProcess('apps/model-registry/src/main.ts', { ...common, HEALTH_PORT: String(registryPort), MODEL_DIRS: GENERATED_MODELS_DIR }),
      new ServiceProcess('apps/embedding/src/main.ts', { ...common, HEALTH_PORT: String(embeddingPort), EMBEDDING_GPU: 'off' }),
      new ServiceProcess('apps/gateway/src/main.ts', { ...common, PORT: String(gatewayPort) }),
    ];
    processes.forEach((p) => p.start());
    await Promise.all([
      processes[0].waitForHttp(`http://127.0.0.1:${registryPort}/readyz`),
      processes[1].waitForHttp(`http://127.0.0.1:${embeddingPort}/readyz`),
      processes[2].waitForHttp(`${gatewayUrl}/readyz`),
    ]);
    const created = await promisify(execFile)(process.execPath, ['-r', './tools/register.cjs', 'tools/keys/create-key.ts', '--owner', 'ops'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
    });
    key = created.stdout.trim();
  }, 120_000);

  afterAll(async () => {
    for (const p of processes ?? []) await p.kill();
    await database?.drop();
  });

  const embed = async (body: object) => {
    const res = await fetch(`${gatewayUrl}/v1/embedding`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { embedding: number[] & number[][] } };
  };

  it('answers the SDK-shaped request for a string with one unit vector, and for 3 strings with 3', async () => {
    const one = await embed({ prompt: 'What is the capital of France?' });
    expect(one.status).toBe(200);
    expect(one.body.embedding).toHaveLength(MINI_BERT.hidden);
    expect(Math.hypot(...one.body.embedding)).toBeCloseTo(1, 5);

    const three = await embed({ prompt: ['one', 'two', 'three'], model_name: 'sentence-transformers/all-MiniLM-L6-v2' });
    expect(three.status).toBe(200);
    expect(three.body.embedding).toHaveLength(3);
    for (const vector of three.body.embedding) {
      expect(vector).toHaveLength(MINI_BERT.hidden);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it('answers an empty prompt with a 422 across the transport', async () => {
    const res = await embed({ prompt: [] });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ detail: [expect.objectContaining({ loc: ['body', 'prompt'], type: 'value_error' })] });
  });
});
