/**
 * npm run bench:embedding: sentences/s at batch sizes 1, 8, 32, 128 and the latency of one
 * sentence, (a) through the gateway, with gateway, registry and embedding as separate
 * processes over NATS, and (b) with a bare onnxruntime-node session loop on the same model
 * (inputs tokenized once beforehand, tensors in, last_hidden_state out), in the same run. The
 * model has all-MiniLM-L6-v2's full size and architecture with random weights.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { GENERATED_MODELS_DIR, MINILM_SIZED_BERT, bertOnnxModel, startDistributedPlatform } from '@lamini/testing';
import { runBenchmark } from './bench-results';
import { httpRequest } from './http-client';
import { type LatencyStats, measureLatency } from './latency-stats';
import { round, timed } from './throughput-stats';

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
  const platform = await startDistributedPlatform({
    service: 'embedding',
    modelDirs: GENERATED_MODELS_DIR,
    serviceEnv: { EMBEDDING_GPU: 'off', EMBEDDING_MAX_BATCH: '128' },
  });
  const embed = async (prompt: string | string[]) => {
    const res = await httpRequest(`${platform.gatewayUrl}/v1/embedding`, {
      headers: { Authorization: `Bearer ${platform.key}` },
      body: JSON.stringify({ prompt, model_name: MINILM_SIZED_BERT.name }),
    });
    if (res.status !== 200) throw new Error(`gateway answered ${res.status}: ${res.body}`);
  };
  return { embed, stop: platform.stop };
}

async function main(): Promise<Record<string, unknown>> {
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
  return {
    model: { ...MINILM_SIZED_BERT, weights: 'random (fixed seed)' },
    sentences_per_second: { bare_session: direct, through_gateway_nats: gateway },
    gateway_over_bare: Object.fromEntries(BATCH_SIZES.map((n) => [n, round(gateway[n] / direct[n], 2)])),
    single_sentence_latency: { ...latency, gateway_added_p50_ms: round(latency.gateway.p50_ms - latency.bare.p50_ms, 2) },
  };
}

runBenchmark('embedding', main);
