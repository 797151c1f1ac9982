import { resolve } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { type UploadConfig, readConfig, readUploadConfig } from '@lamini/config';

export interface MemoryRagConfig {
  /** Job folders: the uploaded documents and the saved index (a shared volume in Kubernetes). */
  artifactsDir: string;
  /** Where the gateway streams uploads before a job takes them (the same volume), and its bounds. */
  uploads: UploadConfig;
  embeddingModel: string;
  chunkTokens: number;
  overlapTokens: number;
  embedBatch: number;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
}

export const MEMORY_RAG_CONFIG = Symbol('MEMORY_RAG_CONFIG');

interface MemoryRagEnv {
  LAMINI_DATA_DIR: string;
  RAG_ARTIFACTS_DIR?: string;
  RAG_EMBEDDING_MODEL: string;
  RAG_CHUNK_TOKENS: number;
  RAG_CHUNK_OVERLAP_TOKENS: number;
  RAG_EMBED_BATCH: number;
  RAG_CONCURRENCY: number;
  RAG_JOB_LEASE_MS: number;
  RAG_JOB_POLL_MS: number;
}

const schema: JSONSchemaType<MemoryRagEnv> = {
  type: 'object',
  properties: {
    LAMINI_DATA_DIR: { type: 'string', default: 'data' },
    RAG_ARTIFACTS_DIR: { type: 'string', nullable: true },
    RAG_EMBEDDING_MODEL: { type: 'string', default: 'sentence-transformers/all-MiniLM-L6-v2' },
    RAG_CHUNK_TOKENS: { type: 'integer', minimum: 16, default: 200 },
    RAG_CHUNK_OVERLAP_TOKENS: { type: 'integer', minimum: 0, default: 40 },
    RAG_EMBED_BATCH: { type: 'integer', minimum: 1, maximum: 256, default: 32 },
    RAG_CONCURRENCY: { type: 'integer', minimum: 1, default: 1 },
    RAG_JOB_LEASE_MS: { type: 'integer', minimum: 300, default: 30_000 },
    RAG_JOB_POLL_MS: { type: 'integer', minimum: 10, default: 1_000 },
  },
  required: [
    'LAMINI_DATA_DIR',
    'RAG_EMBEDDING_MODEL',
    'RAG_CHUNK_TOKENS',
    'RAG_CHUNK_OVERLAP_TOKENS',
    'RAG_EMBED_BATCH',
    'RAG_CONCURRENCY',
    'RAG_JOB_LEASE_MS',
    'RAG_JOB_POLL_MS',
  ],
};

export function readMemoryRagConfig(env: NodeJS.ProcessEnv = process.env): MemoryRagConfig {
  const values = readConfig(schema, env);
  if (values.RAG_CHUNK_OVERLAP_TOKENS >= values.RAG_CHUNK_TOKENS) {
    throw new Error('Invalid environment: RAG_CHUNK_OVERLAP_TOKENS must be smaller than RAG_CHUNK_TOKENS');
  }
  return {
    artifactsDir: resolve(values.RAG_ARTIFACTS_DIR ?? `${values.LAMINI_DATA_DIR}/memory-rag`),
    uploads: readUploadConfig(env),
    embeddingModel: values.RAG_EMBEDDING_MODEL,
    chunkTokens: values.RAG_CHUNK_TOKENS,
    overlapTokens: values.RAG_CHUNK_OVERLAP_TOKENS,
    embedBatch: values.RAG_EMBED_BATCH,
    concurrency: values.RAG_CONCURRENCY,
    leaseMs: values.RAG_JOB_LEASE_MS,
    pollMs: values.RAG_JOB_POLL_MS,
  };
}
