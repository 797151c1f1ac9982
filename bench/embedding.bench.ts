/**
 * npm run bench:embedding: sentences/s at batch sizes 1, 8, 32, 128 and the latency of one
 * sentence, (a) through the gateway, with gateway, registry and embedding as separate
 * processes over NATS, and (b) with a bare onnxruntime-node session loop on the same model
 * (inputs tokenized once beforehand, tensors in, last_hidden_state out), in the same run. The
 * model has all-MiniLM-L6-v2's full size and architecture with random weights.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { GENERATED_MODELS_DIR, MINILM_SIZED_BERT, ServiceProcess, bertOnnxModel, createPostgresDatabase, freePort } from '@lamini/testing';
import { type LatencyStats, measureLatency } from './latency-stats';
import { round, timed } from './throughput-stats';

const ROOT = join(__dirname, '..');
const BATCH_SIZES = [1, 8, 32, 128];
const SECONDS_PER_FIGURE = Number(process.env.BENCH_SECONDS ?? 3);
const LATENCY_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WORDS = 'the a model vector search quick brown fox data city river ocean system network learning language text image sound memory'.split(' ');

/** Sentences of 8 to 24 words from a fixed sequence, so every run embeds the same texts. */
function sentences(count: number): string[] {
  return Array.from({ length: count }, (_, i) => Array.from({ length: 8 + (i % 17) }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]).join(' '));
}

/** Sentences per second, running `batch` repeatedly for about SECONDS_PER_FIGURE. */
async function throughput(size: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  let sentencesDone = 0;
  const { ms } = await timed(async () => {
    const until = performance.now() + SECONDS_PER_FIGURE * 1000;
    while (performance.now() < until) {
      await run();
      sentencesDone += size;
    }
  });
  return round(sentencesDone / (ms / 1000));
}

async function bareSession(dir: string) {
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')), JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')));
  const session = await ort.InferenceSession.create(join(dir, 'onnx/model.onnx'), { intraOpNumThreads: cpus().length, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const feedsFor = (texts: string[]) => {
    const ids = texts.map((t) => tokenizer.encode(t).ids);
    const width = Math.max(...ids.map((row) => row.length));
    const flat = (f: (row: number[], t: number) => number) => BigInt64Array.from(ids.flatMap((row) => Array.from({ length: width }, (_, t) => BigInt(f(row, t)))));
    const dims = [texts.length, width];
    return {
      input_ids: new ort.Tensor('int64', flat((row, t) => row[t] ?? 0), dims),
      attention_mask: new ort.Tensor('int64', flat((row, t) => (t < row.length ? 1 : 0)), dims),
      token_type_ids: new ort.Tensor('int64', flat(() => 0), dims),
    };
  };
  return { session, feedsFor };
}

async function distributedPlatform() {
  const database = await createPostgresDatabase();
  const common = { DATABASE_URL: database.url, NATS_URL: 'nats://127.0.0.1:4222' };
  const ports = { gateway: await freePort(), registry: await freePort(), embedding: await freePort() };
  const processes = [
    new ServiceProcess('apps/model-registry/src/main.ts', { ...common, HEALTH_PORT: String(ports.registry), MODEL_DIRS: GENERATED_MODELS_DIR }),
    new ServiceProcess('apps/embedding/src/main.ts', { ...common, HEALTH_PORT: String(ports.embedding), EMBEDDING_GPU: 'off', EMBEDDING_MAX_BATCH: '128' }),
    new ServiceProcess('apps/gateway/src/main.ts', { ...common, PORT: String(ports.gateway) }),
  ];
  processes.forEach((p) => p.start());
  await Promise.all([
    processes[0].waitForHttp(`http://127.0.0.1:${ports.registry}/readyz`),
    processes[1].waitForHttp(`http://127.0.0.1:${ports.embedding}/readyz`),
    processes[2].waitForHttp(`http://127.0.0.1:${ports.gateway}/readyz`),
  ]);
  const key = (
    await promisify(execFile)(process.execPath, ['-r', './tools/register.cjs', 'tools/keys/create-key.ts', '--owner', 'bench'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
    })
  ).stdout.trim();
  const embed = async (prompt: string | string[]) => {
    const res = await fetch(`http://127.0.0.1:${ports.gateway}/v1/embedding`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt, model_name: MINILM_SIZED_BERT.name }),
    });
    if (res.status !== 200) throw new Error(`gateway answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  return {
    embed,
    stop: async () => {
      for (const p of processes) await p.kill('SIGTERM');
      await database.drop();
    },
  };
}

async function main() {
  const dir = bertOnnxModel(MINILM_SIZED_BERT);
  const texts = sentences(128);
  const bare = await bareSession(dir);
  const platform = await distributedPlatform();
  const direct: Record<string, number> = {};
  const gateway: Record<string, number> = {};
  let latency: { bare: LatencyStats; gateway: LatencyStats };
  try {
    for (const size of BATCH_SIZES) {
      const batch = texts.slice(0, size);
      const feeds = bare.feedsFor(batch);
      direct[size] = await throughput(size, () => bare.session.run(feeds));
      gateway[size] = await throughput(size, () => platform.embed(batch));
      console.log(`batch ${size}: bare ${direct[size]} sentences/s, gateway ${gateway[size]}`);
    }
    const one = bare.feedsFor([texts[0]]);
    latency = {
      bare: await measureLatency(() => bare.session.run(one), LATENCY_REQUESTS, 20),
      gateway: await measureLatency(() => platform.embed(texts[0]), LATENCY_REQUESTS, 20),
    };
  } finally {
    await platform.stop();
  }
  const results = {
    benchmark: 'embedding',
    measured_at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    model: { ...MINILM_SIZED_BERT, weights: 'random (fixed seed)' },
    sentences_per_second: { bare_session: direct, through_gateway_nats: gateway },
    gateway_over_bare: Object.fromEntries(BATCH_SIZES.map((n) => [n, round(gateway[n] / direct[n], 2)])),
    single_sentence_latency: { ...latency, gateway_added_p50_ms: round(latency.gateway.p50_ms - latency.bare.p50_ms, 2) },
  };
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'embedding.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
