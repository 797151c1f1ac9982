import { cpus } from 'node:os';
import type { JSONSchemaType } from 'ajv';
import { readConfig } from '@lamini/config';

export interface EmbeddingConfig {
  /** onnxruntime / node-llama-cpp threads for one engine run. */
  threads: number;
  /** How long a request that is not latency-sensitive waits for others to share its engine run. */
  batchWindowMs: number;
  /** Sentences in one engine run at most. */
  maxBatch: number;
  /**
   * Prompts one request may carry; more get a 422. The reply must fit one NATS message (1 MB
   * by default): 256 vectors of 384 float32s, packed, are about 0.5 MB.
   */
  maxPrompts: number;
  gpu: 'auto' | false;
}

export const EMBEDDING_CONFIG = Symbol('EMBEDDING_CONFIG');

interface EmbeddingEnv {
  EMBEDDING_THREADS?: number;
  EMBEDDING_BATCH_WINDOW_MS: number;
  EMBEDDING_MAX_BATCH: number;
  EMBEDDING_MAX_PROMPTS: number;
  EMBEDDING_GPU: 'auto' | 'off';
}

const schema: JSONSchemaType<EmbeddingEnv> = {
  type: 'object',
  properties: {
    EMBEDDING_THREADS: { type: 'integer', minimum: 1, nullable: true },
    EMBEDDING_BATCH_WINDOW_MS: { type: 'integer', minimum: 0, default: 5 },
    EMBEDDING_MAX_BATCH: { type: 'integer', minimum: 1, default: 64 },
    EMBEDDING_MAX_PROMPTS: { type: 'integer', minimum: 1, default: 256 },
    EMBEDDING_GPU: { type: 'string', enum: ['auto', 'off'], default: 'auto' },
  },
  required: ['EMBEDDING_BATCH_WINDOW_MS', 'EMBEDDING_MAX_BATCH', 'EMBEDDING_MAX_PROMPTS', 'EMBEDDING_GPU'],
};

export function readEmbeddingConfig(env: NodeJS.ProcessEnv = process.env): EmbeddingConfig {
  const values = readConfig(schema, env);
  return {
    threads: values.EMBEDDING_THREADS ?? cpus().length,
    batchWindowMs: values.EMBEDDING_BATCH_WINDOW_MS,
    maxBatch: values.EMBEDDING_MAX_BATCH,
    maxPrompts: values.EMBEDDING_MAX_PROMPTS,
    gpu: values.EMBEDDING_GPU === 'off' ? false : 'auto',
  };
}
