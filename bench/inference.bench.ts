/**
 * npm run bench:inference: what the platform costs over the engine it wraps. For each model,
 * the same measurements are taken (a) through the gateway, with gateway, registry and
 * inference as separate processes over NATS and PostgreSQL, and (b) on node-llama-cpp called
 * directly in this process, with the settings the service uses (one context of 8 sequences,
 * the same thread count, LlamaCompletion per sequence). Both count tokens the same way: a
 * generation cut by the token limit made exactly that many; one the model ended is its text
 * tokenized again (re-tokenizing the random model's byte soup would overcount, but it never
 * ends on its own within the limit).
 *
 * - time to first token: a request for one new token
 * - single-stream decode tok/s: (tokens - 1) / (request time - time to first token)
 * - aggregate tok/s at 1, 2, 4, 8 concurrent requests: all tokens / wall time
 *
 * The results name the node-llama-cpp binary that ran (prebuilt, or built here by
 * `npm run engine:build`), which decides batched speed on CPU.
 */
import { statSync } from 'node:fs';
import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { defaultThreads } from '@lamini/app-inference';
import {
  GENERATED_MODELS_DIR,
  LLAMA_134M,
  SHARED_MODELS_DIR,
  STORIES_260K_GGUF,
  parameterCount,
  randomLlamaGguf,
  startDistributedPlatform,
} from '@lamini/testing';
import { runBenchmark } from './bench-results';
import { median, round, timed } from './throughput-stats';

const CONCURRENCY = [1, 2, 4, 8];
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const PROMPTS = ['Once upon a time', 'The little dog', 'Lily and Ben went to the park', 'One day, a big bird', 'Tom had a red ball', 'Mom said', 'The old tree', 'At night the stars'];

interface Subject {
  name: string;
  path: string;
  parameters: number | null;
  maxNewTokens: number;
}

interface Generated {
  text: string;
  /** Stopped by the token limit rather than by the model. */
  cut: boolean;
}

/** One way of generating: what was generated for each of `prompts`, each up to `maxTokens` tokens. */
type Generate = (prompts: string[], maxTokens: number) => Promise<Generated[]>;

interface Figures {
  time_to_first_token_ms: number;
  single_stream_decode_tok_s: number;
  aggregate_tok_s: Record<string, number>;
  scaling_8_vs_1: number;
}

async function measure(generate: Generate, tokenize: (text: string) => number, maxNewTokens: number): Promise<Figures> {
  const countTokens = (g: Generated) => (g.cut ? maxNewTokens : tokenize(g.text));
  await generate([PROMPTS[0]], 4); // warm-up: model load, first allocations
  const ttft = median(await repeat(async () => (await timed(() => generate([PROMPTS[0]], 1))).ms));
  const decode = median(
    await repeat(async () => {
      const { value, ms } = await timed(() => generate([PROMPTS[0]], maxNewTokens));
      return (countTokens(value[0]) - 1) / ((ms - ttft) / 1000);
    }),
  );
  const aggregate: Record<string, number> = {};
  for (const n of CONCURRENCY) {
    aggregate[n] = round(
      median(
        await repeat(async () => {
          const { value, ms } = await timed(() => generate(PROMPTS.slice(0, n), maxNewTokens));
          return value.reduce((sum, text) => sum + countTokens(text), 0) / (ms / 1000);
        }),
      ),
    );
  }
  return {
    time_to_first_token_ms: round(ttft, 2),
    single_stream_decode_tok_s: round(decode),
    aggregate_tok_s: aggregate,
    scaling_8_vs_1: round(aggregate[8] / aggregate[1], 2),
  };
}

async function repeat(run: () => Promise<number>): Promise<number[]> {
  const values: number[] = [];
  for (let i = 0; i < REPEATS; i++) values.push(await run());
  return values;
}

/** node-llama-cpp as the service configures it, without the service. */
async function directEngine(subject: Subject) {
  const { getLlama, LlamaCompletion, LlamaLogLevel } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  const model: LlamaModel = await llama.loadModel({ modelPath: subject.path });
  const context = await model.createContext({ sequences: 8, contextSize: 2048, threads: defaultThreads(statSync(subject.path).size) });
  const sequences: LlamaContextSequence[] = Array.from({ length: 8 }, () => context.getSequence());
  const generate: Generate = (prompts, maxTokens) =>
    Promise.all(
      prompts.map(async (prompt, i) => {
        const completion = new LlamaCompletion({ contextSequence: sequences[i] });
        const result = await completion.generateCompletionWithMeta(prompt, { maxTokens });
        await sequences[i].clearHistory();
        return { text: result.response, cut: result.metadata.stopReason === 'maxTokens' };
      }),
    );
  return { generate, countTokens: (text: string) => model.tokenize(text).length, binary: llama.buildType, dispose: () => model.dispose() };
}

/** Gateway, registry and inference as separate processes, as Kubernetes runs them. */
async function distributedPlatform() {
  const platform = await startDistributedPlatform({
    service: 'inference',
    modelDirs: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
    serviceEnv: { INFERENCE_GPU: 'off', UV_THREADPOOL_SIZE: '1' },
  });
  const generateFor =
    (modelName: string): Generate =>
    async (prompts, maxTokens) => {
      const res = await fetch(`${platform.gatewayUrl}/v2/completions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${platform.key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ model_name: modelName, prompt: prompts, max_new_tokens: maxTokens }),
      });
      if (res.status !== 200) throw new Error(`gateway answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { outputs: Array<{ output: string }>; finish_reason: string[] };
      return body.outputs.map((o, i) => ({ text: o.output, cut: body.finish_reason[i] === 'length' }));
    };
  return { generateFor, stop: platform.stop };
}

/**
 * Through the gateway every prompt is its own concurrent request, as concurrent users send
 * them, so `generate` of n prompts makes n HTTP requests at once.
 */
function concurrentRequests(one: Generate): Generate {
  return async (prompts, maxTokens) => (await Promise.all(prompts.map((p) => one([p], maxTokens)))).flat();
}

async function main(): Promise<Record<string, unknown>> {
  const subjects: Subject[] = [
    { name: 'stories260K', path: STORIES_260K_GGUF, parameters: null, maxNewTokens: 128 },
    { name: LLAMA_134M.name, path: await randomLlamaGguf(LLAMA_134M), parameters: parameterCount(LLAMA_134M), maxNewTokens: 96 },
  ];
  const platform = await distributedPlatform();
  const models: Record<string, unknown> = {};
  // The service loads node-llama-cpp from the same node_modules, so it runs the same binary.
  let binary: string | undefined;
  try {
    for (const subject of subjects) {
      const engine = await directEngine(subject);
      binary = engine.binary;
      const direct = await measure(engine.generate, engine.countTokens, subject.maxNewTokens);
      const gateway = await measure(concurrentRequests(platform.generateFor(subject.name)), engine.countTokens, subject.maxNewTokens);
      await engine.dispose();
      models[subject.name] = {
        parameters: subject.parameters,
        threads: defaultThreads(statSync(subject.path).size),
        max_new_tokens: subject.maxNewTokens,
        direct,
        through_gateway_nats: gateway,
        gateway_over_direct: {
          time_to_first_token: round(gateway.time_to_first_token_ms / direct.time_to_first_token_ms, 2),
          single_stream_decode: round(gateway.single_stream_decode_tok_s / direct.single_stream_decode_tok_s, 2),
          aggregate: Object.fromEntries(CONCURRENCY.map((n) => [n, round(gateway.aggregate_tok_s[n] / direct.aggregate_tok_s[n], 2)])),
        },
      };
      console.log(subject.name, JSON.stringify(models[subject.name]));
    }
  } finally {
    await platform.stop();
  }
  // 'localBuild' after `npm run engine:build`, 'prebuilt' otherwise.
  return { repeats: REPEATS, engine_binary: binary, models };
}

runBenchmark('inference', main);
