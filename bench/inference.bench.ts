/**
 * npm run bench:inference: the platform's generation speed against llama.cpp's own server, in
 * one run on the same machine, model files, threads, prompts and token counts. For each model,
 * the same measurements (bench/inference-measure.ts) are taken of:
 *
 * - llama-server: the anchor, when `npm run engine:build-anchor` has built it (otherwise the
 *   results say so and the rest still runs);
 * - embedded: `npm start` as a child process (every service in one process);
 * - gateway over NATS: gateway, registry and inference as separate processes;
 * - direct: node-llama-cpp called in this process with the service's settings (one context of 8
 *   sequences, the same threads, LlamaCompletion per sequence with the service's options).
 *
 * Every figure is also given as a ratio to the anchor's. The results name the node-llama-cpp
 * binary that ran (prebuilt, or built here by `npm run engine:build`).
 */
import { statSync } from 'node:fs';
import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { LEAN_SAMPLING, defaultThreads } from '@lamini/app-inference';
import {
  GENERATED_MODELS_DIR,
  LLAMA_134M,
  SHARED_MODELS_DIR,
  STORIES_260K_GGUF,
  ServiceProcess,
  freePort,
  parameterCount,
  randomLlamaGguf,
  startDistributedPlatform,
} from '@lamini/testing';
import { runBenchmark } from './bench-results';
import { type Figures, type Generate, completionsOver, measure, ratios } from './inference-measure';
import { LLAMA_SERVER, startLlamaServer } from './llama-server-anchor';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SEQUENCES = 8;
const CONTEXT_PER_SEQUENCE = 2048;
const MODEL_DIRS = `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`;
const EMBEDDED_KEY = 'lmn_bench_inference_embedded';

interface Subject {
  name: string;
  path: string;
  parameters: number | null;
  maxNewTokens: number;
}

/** node-llama-cpp as the service configures it, without the service. */
async function directEngine(subject: Subject) {
  const { getLlama, LlamaCompletion, LlamaLogLevel } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  const model: LlamaModel = await llama.loadModel({ modelPath: subject.path });
  const context = await model.createContext({ sequences: SEQUENCES, contextSize: Math.min(CONTEXT_PER_SEQUENCE, model.trainContextSize), threads: defaultThreads(statSync(subject.path).size) });
  const sequences: LlamaContextSequence[] = Array.from({ length: SEQUENCES }, () => context.getSequence());
  const generate: Generate = (prompts, maxTokens) =>
    Promise.all(
      prompts.map(async (prompt, i) => {
        const completion = new LlamaCompletion({ contextSequence: sequences[i] });
        // The prompt's tokens as llama.cpp gives them, as the service passes them (text-generator.ts).
        const result = await completion.generateCompletionWithMeta(model.tokenize(prompt), { maxTokens, ...LEAN_SAMPLING });
        await sequences[i].clearHistory();
        return { text: result.response, cut: result.metadata.stopReason === 'maxTokens' };
      }),
    );
  return {
    generate,
    countTokens: (text: string) => model.tokenize(text).length,
    contextPerSequence: context.contextSize,
    binary: llama.buildType,
    dispose: () => model.dispose(),
  };
}

/** `npm start` as its own process, with an in-memory database. */
async function embeddedPlatform() {
  const port = await freePort();
  const platform = new ServiceProcess('apps/standalone/src/main.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    LAMINI_API_KEY: EMBEDDED_KEY,
    MODEL_DIRS,
    PGLITE_DATA_DIR: 'memory',
    INFERENCE_GPU: 'off',
    UV_THREADPOOL_SIZE: '1',
  }).start();
  const baseUrl = `http://127.0.0.1:${port}`;
  await platform.waitForHttp(`${baseUrl}/readyz`, 120_000);
  return { generateFor: (modelName: string) => completionsOver(baseUrl, EMBEDDED_KEY, modelName), stop: () => platform.kill('SIGTERM') };
}

/** Gateway, registry and inference as separate processes, as Kubernetes runs them. */
async function distributedPlatform() {
  const platform = await startDistributedPlatform({ service: 'inference', modelDirs: MODEL_DIRS, serviceEnv: { INFERENCE_GPU: 'off', UV_THREADPOOL_SIZE: '1' } });
  return { generateFor: (modelName: string) => completionsOver(platform.gatewayUrl, platform.key, modelName), stop: platform.stop };
}

async function main(): Promise<Record<string, unknown>> {
  const subjects: Subject[] = [
    { name: 'stories260K', path: STORIES_260K_GGUF, parameters: null, maxNewTokens: 128 },
    { name: LLAMA_134M.name, path: await randomLlamaGguf(LLAMA_134M), parameters: parameterCount(LLAMA_134M), maxNewTokens: 96 },
  ];
  // One platform runs at a time, so that none competes with another for the two cores.
  const models: Record<string, Record<string, unknown>> = {};
  let binary: string | undefined;
  for (const subject of subjects) {
    const threads = defaultThreads(statSync(subject.path).size);
    const engine = await directEngine(subject);
    binary = engine.binary;
    const figures: Record<string, Figures> = {};
    const take = async (mode: string, generate: Generate) => {
      figures[mode] = await measure(generate, engine.countTokens, subject.maxNewTokens, REPEATS);
      console.log(subject.name, mode, JSON.stringify(figures[mode]));
    };

    const anchor = await startLlamaServer(subject.path, { threads, slots: SEQUENCES, contextPerSlot: engine.contextPerSequence });
    if (anchor) {
      await take('llama_server', anchor.generate);
      await anchor.stop();
    }
    await take('direct', engine.generate);
    await engine.dispose();
    const embedded = await embeddedPlatform();
    try {
      await take('embedded', embedded.generateFor(subject.name));
    } finally {
      await embedded.stop();
    }
    const distributed = await distributedPlatform();
    try {
      await take('through_gateway_nats', distributed.generateFor(subject.name));
    } finally {
      await distributed.stop();
    }

    const { llama_server: anchorFigures, ...ours } = figures;
    models[subject.name] = {
      parameters: subject.parameters,
      threads,
      max_new_tokens: subject.maxNewTokens,
      ...figures,
      vs_llama_server: anchorFigures ? Object.fromEntries(Object.entries(ours).map(([mode, f]) => [mode, ratios(f, anchorFigures)])) : null,
    };
  }
  return {
    repeats: REPEATS,
    // 'localBuild' after `npm run engine:build`, 'prebuilt' otherwise.
    engine_binary: binary,
    anchor: fsExists(LLAMA_SERVER) ? `llama-server (${LLAMA_SERVER})` : 'not built: run `npm run engine:build-anchor` for the ratios to llama.cpp\u2019s own server',
    models,
  };
}

function fsExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

runBenchmark('inference', main);
