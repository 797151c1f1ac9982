import { cpus } from 'node:os';
import type { JSONSchemaType } from 'ajv';
import { ConfigError, readCgroupMemoryLimit, readConfig } from '@lamini/config';

export interface InferenceConfig {
  /** Set to pin every model to this many threads; otherwise chosen per model by `defaultThreads`. */
  threads?: number;
  /** Sequences of one model's context: how many generations share one batch. */
  sequences: number;
  contextSize: number;
  /** Requests that may wait for a free sequence before more are refused with 429. */
  maxQueue: number;
  timeoutMs: number;
  defaultMaxNewTokens: number;
  /**
   * What the loaded models may hold together, weights and KV caches counted (model-memory.ts);
   * past it the least recently used are evicted, and a model that alone exceeds it is refused.
   */
  memoryBudgetBytes: number;
  gpu: 'auto' | false;
  jobs: {
    leaseMs: number;
    pollMs: number;
    /** Batch jobs one replica works on at once; their prompts share the model's sequences. */
    batchConcurrency: number;
    streamConcurrency: number;
    /** How soon a stream's new text reaches pollers (coalesced: one write per interval at most). */
    streamFlushMs: number;
    /** A stream nobody has polled for this long is cancelled. */
    streamAbandonMs: number;
  };
}

export const INFERENCE_CONFIG = Symbol('INFERENCE_CONFIG');

interface InferenceEnv {
  INFERENCE_THREADS?: number;
  INFERENCE_SEQUENCES: number;
  INFERENCE_CONTEXT_SIZE: number;
  INFERENCE_MAX_QUEUE: number;
  INFERENCE_TIMEOUT_MS: number;
  INFERENCE_MAX_NEW_TOKENS: number;
  INFERENCE_MEMORY_BUDGET_MB?: number;
  INFERENCE_MEMORY_LIMIT_BYTES?: number;
  INFERENCE_MEMORY_HEADROOM_MB: number;
  INFERENCE_GPU: 'auto' | 'off';
  INFERENCE_JOB_LEASE_MS: number;
  INFERENCE_JOB_POLL_MS: number;
  INFERENCE_BATCH_CONCURRENCY: number;
  INFERENCE_STREAM_CONCURRENCY: number;
  INFERENCE_STREAM_FLUSH_MS: number;
  INFERENCE_STREAM_ABANDON_MS: number;
}

const schema: JSONSchemaType<InferenceEnv> = {
  type: 'object',
  properties: {
    INFERENCE_THREADS: { type: 'integer', minimum: 1, nullable: true },
    INFERENCE_SEQUENCES: { type: 'integer', minimum: 1, maximum: 64, default: 8 },
    INFERENCE_CONTEXT_SIZE: { type: 'integer', minimum: 64, default: 2048 },
    INFERENCE_MAX_QUEUE: { type: 'integer', minimum: 0, default: 64 },
    INFERENCE_TIMEOUT_MS: { type: 'integer', minimum: 100, default: 120_000 },
    INFERENCE_MAX_NEW_TOKENS: { type: 'integer', minimum: 1, default: 256 },
    INFERENCE_MEMORY_BUDGET_MB: { type: 'integer', minimum: 1, nullable: true },
    INFERENCE_MEMORY_LIMIT_BYTES: { type: 'integer', minimum: 1, nullable: true },
    INFERENCE_MEMORY_HEADROOM_MB: { type: 'integer', minimum: 0, default: 1024 },
    INFERENCE_GPU: { type: 'string', enum: ['auto', 'off'], default: 'auto' },
    INFERENCE_JOB_LEASE_MS: { type: 'integer', minimum: 300, default: 30_000 },
    INFERENCE_JOB_POLL_MS: { type: 'integer', minimum: 10, default: 2_000 },
    INFERENCE_BATCH_CONCURRENCY: { type: 'integer', minimum: 1, default: 2 },
    INFERENCE_STREAM_CONCURRENCY: { type: 'integer', minimum: 1, default: 32 },
    INFERENCE_STREAM_FLUSH_MS: { type: 'integer', minimum: 10, default: 100 },
    INFERENCE_STREAM_ABANDON_MS: { type: 'integer', minimum: 1_000, default: 30_000 },
  },
  required: [
    'INFERENCE_SEQUENCES',
    'INFERENCE_CONTEXT_SIZE',
    'INFERENCE_MAX_QUEUE',
    'INFERENCE_TIMEOUT_MS',
    'INFERENCE_MAX_NEW_TOKENS',
    'INFERENCE_MEMORY_HEADROOM_MB',
    'INFERENCE_GPU',
    'INFERENCE_JOB_LEASE_MS',
    'INFERENCE_JOB_POLL_MS',
    'INFERENCE_BATCH_CONCURRENCY',
    'INFERENCE_STREAM_CONCURRENCY',
    'INFERENCE_STREAM_FLUSH_MS',
    'INFERENCE_STREAM_ABANDON_MS',
  ],
};

/** Below this size a token's work is too small to split across threads. */
const SMALL_MODEL_BYTES = 64 * 1024 * 1024;

/**
 * Threads for a model, by measurement on 2 cores (bench/results/inference.json has the runs):
 * stories260K (1 MB) does ~1500 tok/s on 1 thread and ~100 on 2, where synchronising the
 * threads costs more than each token's work; a 134M F16 model does 80 tok/s on 1 thread and
 * 90 on 2 for one stream, 87 and 157 for 8 streams. Both figures need the process's libuv
 * pool at one thread (UV_THREADPOOL_SIZE=1, see LlamaRuntime): with the default four, 2
 * threads fell to 49 tok/s.
 */
export function defaultThreads(modelBytes: number, cores = cpus().length): number {
  return modelBytes < SMALL_MODEL_BYTES ? 1 : cores;
}

const MB = 1024 * 1024;

/** Without a container limit to derive it from (embedded mode on a workstation). */
const DEFAULT_MEMORY_BUDGET_MB = 8192;

/** Less than this left for models after the headroom is a misconfiguration, not a budget. */
const MIN_MEMORY_BUDGET_MB = 256;

/**
 * The models' memory budget. In a container with a memory limit (INFERENCE_MEMORY_LIMIT_BYTES,
 * which the manifests set from the downward API, or else the cgroup's), the budget is what the
 * limit leaves after INFERENCE_MEMORY_HEADROOM_MB for the process itself (Node's heap, llama.cpp's
 * compute buffers and logits); an explicit INFERENCE_MEMORY_BUDGET_MB that does not fit beside the
 * headroom stops the process at start, since it would be killed for memory before it evicted.
 */
export function memoryBudgetBytes(budgetMb: number | undefined, limitBytes: number | undefined, headroomMb: number): number {
  if (limitBytes === undefined) return (budgetMb ?? DEFAULT_MEMORY_BUDGET_MB) * MB;
  const room = Math.floor(limitBytes / MB) - headroomMb;
  const limit = `the container's memory limit (${Math.floor(limitBytes / MB)} MiB)`;
  if (budgetMb === undefined) {
    if (room < MIN_MEMORY_BUDGET_MB) {
      throw new ConfigError(`INFERENCE_MEMORY_HEADROOM_MB (${headroomMb}) leaves ${Math.max(room, 0)} MiB of ${limit} for models; raise the limit`);
    }
    return room * MB;
  }
  if (budgetMb > room) {
    throw new ConfigError(
      `INFERENCE_MEMORY_BUDGET_MB (${budgetMb}) counts the models' weights and KV caches and must fit in ${limit} ` +
        `beside INFERENCE_MEMORY_HEADROOM_MB (${headroomMb}): set it to ${Math.max(room, 0)} or less, or leave it unset to derive it`,
    );
  }
  return budgetMb * MB;
}

export function readInferenceConfig(
  env: NodeJS.ProcessEnv = process.env,
  containerMemoryLimit: () => number | undefined = readCgroupMemoryLimit,
): InferenceConfig {
  const values = readConfig(schema, env);
  const limitBytes = values.INFERENCE_MEMORY_LIMIT_BYTES ?? containerMemoryLimit();
  return {
    threads: values.INFERENCE_THREADS,
    sequences: values.INFERENCE_SEQUENCES,
    contextSize: values.INFERENCE_CONTEXT_SIZE,
    maxQueue: values.INFERENCE_MAX_QUEUE,
    timeoutMs: values.INFERENCE_TIMEOUT_MS,
    defaultMaxNewTokens: values.INFERENCE_MAX_NEW_TOKENS,
    memoryBudgetBytes: memoryBudgetBytes(values.INFERENCE_MEMORY_BUDGET_MB, limitBytes, values.INFERENCE_MEMORY_HEADROOM_MB),
    gpu: values.INFERENCE_GPU === 'off' ? false : 'auto',
    jobs: {
      leaseMs: values.INFERENCE_JOB_LEASE_MS,
      pollMs: values.INFERENCE_JOB_POLL_MS,
      batchConcurrency: values.INFERENCE_BATCH_CONCURRENCY,
      streamConcurrency: values.INFERENCE_STREAM_CONCURRENCY,
      streamFlushMs: values.INFERENCE_STREAM_FLUSH_MS,
      streamAbandonMs: values.INFERENCE_STREAM_ABANDON_MS,
    },
  };
}
