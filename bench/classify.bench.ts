/**
 * npm run bench:classify: classifications per second and single-request latency for requests of
 * 1 and 32 prompts through the gateway (gateway, registry, embedding and classifier as separate
 * processes over NATS), beside POST /v1/embedding of the same prompts on the same embedding
 * model in the same run: the difference is what the classifier adds (a hop, the head, the JSON).
 * The embedding model has all-MiniLM-L6-v2's full size with random weights; the head is trained
 * on a five-topic corpus first.
 */
import { GENERATED_MODELS_DIR, MINILM_SIZED_BERT, SHARED_MODELS_DIR, bertOnnxModel, seededRandom, startDistributedPlatform, topicCorpus, topicSentence } from '@lamini/testing';
import { runBenchmark } from './bench-results';
import { httpRequest } from './http-client';
import { type LatencyStats, measureLatency } from './latency-stats';
import { median, round, timed } from './throughput-stats';

const SIZES = [1, 32];
const SECONDS_PER_FIGURE = Number(process.env.BENCH_SECONDS ?? 3);
const LATENCY_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const TOPICS = ['sports', 'cooking', 'weather', 'finance', 'music'];

/** Prompts per second, sending `call` one request at a time for about SECONDS_PER_FIGURE. */
async function throughput(size: number, call: () => Promise<unknown>): Promise<number> {
  await call();
  let done = 0;
  const { ms } = await timed(async () => {
    const until = performance.now() + SECONDS_PER_FIGURE * 1000;
    while (performance.now() < until) {
      await call();
      done += size;
    }
  });
  return round(done / (ms / 1000));
}

async function main(): Promise<Record<string, unknown>> {
  bertOnnxModel(MINILM_SIZED_BERT);
  const platform = await startDistributedPlatform({
    service: 'classifier',
    serviceEnv: { CLASSIFIER_EMBEDDING_MODEL: MINILM_SIZED_BERT.name, CLASSIFIER_AUGMENT_PER_CLASS: '0', CLASSIFIER_JOB_POLL_MS: '200' },
    companions: { embedding: { EMBEDDING_GPU: 'off', EMBEDDING_MAX_BATCH: '128' } },
    modelDirs: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
  });
  const post = async (path: string, body: unknown) => {
    const res = await httpRequest(`${platform.gatewayUrl}${path}`, { headers: { Authorization: `Bearer ${platform.key}` }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };
  try {
    const corpus = topicCorpus({ topics: TOPICS, perClass: 100, seed: 1 });
    await post('/v2/classifier/initialize', { classes: corpus.classes, examples: corpus.examples, name: 'bench', model_name: 'stories260K' });
    const { job_id: jobId } = await post('/v2/classifier/train', { name: 'bench' });
    let status: Record<string, unknown>;
    const { ms: trainMs } = await timed(async () => {
      do {
        await new Promise((r) => setTimeout(r, 200));
        const res = await httpRequest(`${platform.gatewayUrl}/v2/classifier/${jobId}/status`, { headers: { Authorization: `Bearer ${platform.key}` } });
        status = JSON.parse(res.body) as Record<string, unknown>;
      } while (status.status !== 'COMPLETED' && status.status !== 'FAILED');
    });
    if (status!.status !== 'COMPLETED') throw new Error(`training failed: ${JSON.stringify(status!)}`);
    const modelId = status!.model_id as string;

    const random = seededRandom(3);
    const prompts = Array.from({ length: 32 }, (_, i) => topicSentence(TOPICS[i % TOPICS.length], random));
    const classify = (batch: string[]) => post(`/v2/classifier/${modelId}/classify`, { prompt: batch });
    const embed = (batch: string[]) => post('/v1/embedding', { prompt: batch, model_name: MINILM_SIZED_BERT.name });

    const perSecond: Record<string, { classify: number; embedding_alone: number; ratio: number }> = {};
    const latency: Record<string, { classify: LatencyStats; embedding_alone: LatencyStats; classifier_added_p50_ms: number }> = {};
    for (const size of SIZES) {
      const batch = prompts.slice(0, size);
      // Alternated and repeated: on a shared 2-core machine the first of two back-to-back figures is often the slower.
      const runs: Array<[number, number]> = [];
      for (let rep = 0; rep < REPEATS; rep++) runs.push([await throughput(size, () => classify(batch)), await throughput(size, () => embed(batch))]);
      const classified = median(runs.map(([c]) => c));
      const embedded = median(runs.map(([, e]) => e));
      perSecond[size] = { classify: classified, embedding_alone: embedded, ratio: round(classified / embedded, 2) };
      const classifyLatency = await measureLatency(() => classify(batch), LATENCY_REQUESTS, 20);
      const embedLatency = await measureLatency(() => embed(batch), LATENCY_REQUESTS, 20);
      latency[size] = { classify: classifyLatency, embedding_alone: embedLatency, classifier_added_p50_ms: round(classifyLatency.p50_ms - embedLatency.p50_ms, 2) };
      console.log(`${size} prompt(s): classify ${classified}/s, embedding alone ${embedded}/s; p50 ${classifyLatency.p50_ms} ms vs ${embedLatency.p50_ms} ms`);
    }
    return {
      embedding_model: { ...MINILM_SIZED_BERT, weights: 'random (fixed seed)' },
      head: { classes: TOPICS.length, training_rows: 500, train_job_seconds: round(trainMs / 1000, 2), metrics: status!.metrics },
      prompts_per_second: perSecond,
      latency,
    };
  } finally {
    await platform.stop();
  }
}

runBenchmark('classify', main);
