import { cpus } from 'node:os';
import type { JSONSchemaType } from 'ajv';
import { readConfig } from '@lamini/config';

export interface InferenceConfig {
  threads: number;
  /** Sequences of one model's context: how many generations share one batch. */
  sequences: number;
  contextSize: number;
  /** Requests that may wait for a free sequence before more are refused with 429. */
  maxQueue: number;
  timeoutMs: number;
  defaultMaxNewTokens: number;
  memoryBudgetBytes: number;
  gpu: 'auto' | false;
}

export const INFERENCE_CONFIG = Symbol('INFERENCE_CONFIG');

interface InferenceEnv {
  INFERENCE_THREADS?: number;
  INFERENCE_SEQUENCES: number;
  INFERENCE_CONTEXT_SIZE: number;
  INFERENCE_MAX_QUEUE: number;
  INFERENCE_TIMEOUT_MS: number;
  INFERENCE_MAX_NEW_TOKENS: number;
  INFERENCE_MEMORY_BUDGET_MB: number;
  INFERENCE_GPU: 'auto' | 'off';
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
    INFERENCE_MEMORY_BUDGET_MB: { type: 'integer', minimum: 1, default: 8192 },
    INFERENCE_GPU: { type: 'string', enum: ['auto', 'off'], default: 'auto' },
  },
  required: [
    'INFERENCE_SEQUENCES',
    'INFERENCE_CONTEXT_SIZE',
    'INFERENCE_MAX_QUEUE',
    'INFERENCE_TIMEOUT_MS',
    'INFERENCE_MAX_NEW_TOKENS',
    'INFERENCE_MEMORY_BUDGET_MB',
    'INFERENCE_GPU',
  ],
};

/**
 * One core is left to the JavaScript thread that feeds the engine: on a 2-core machine
 * node-llama-cpp was measured 27x slower with 2 threads than with 1 (ARCHITECTURE.md).
 */
export function defaultThreads(cores = cpus().length): number {
  return Math.max(1, cores - 1);
}

export function readInferenceConfig(env: NodeJS.ProcessEnv = process.env): InferenceConfig {
  const values = readConfig(schema, env);
  return {
    threads: values.INFERENCE_THREADS ?? defaultThreads(),
    sequences: values.INFERENCE_SEQUENCES,
    contextSize: values.INFERENCE_CONTEXT_SIZE,
    maxQueue: values.INFERENCE_MAX_QUEUE,
    timeoutMs: values.INFERENCE_TIMEOUT_MS,
    defaultMaxNewTokens: values.INFERENCE_MAX_NEW_TOKENS,
    memoryBudgetBytes: values.INFERENCE_MEMORY_BUDGET_MB * 1024 * 1024,
    gpu: values.INFERENCE_GPU === 'off' ? false : 'auto',
  };
}
