import { resolve } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { readConfig } from './read-config';

/**
 * Where the gateway streams uploaded documents and how much it takes: the gateway enforces the
 * bounds while it streams, and the memory-RAG service reads the files from the same folder (a
 * shared volume in Kubernetes), so both read this one definition.
 */
export interface UploadConfig {
  uploadsDir: string;
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

interface UploadEnv {
  LAMINI_DATA_DIR: string;
  RAG_UPLOADS_DIR?: string;
  RAG_MAX_FILES: number;
  RAG_MAX_FILE_MB: number;
  RAG_MAX_TOTAL_MB: number;
}

const schema: JSONSchemaType<UploadEnv> = {
  type: 'object',
  properties: {
    LAMINI_DATA_DIR: { type: 'string', default: 'data' },
    RAG_UPLOADS_DIR: { type: 'string', nullable: true },
    RAG_MAX_FILES: { type: 'integer', minimum: 1, default: 100 },
    RAG_MAX_FILE_MB: { type: 'integer', minimum: 1, default: 20 },
    RAG_MAX_TOTAL_MB: { type: 'integer', minimum: 1, default: 100 },
  },
  required: ['LAMINI_DATA_DIR', 'RAG_MAX_FILES', 'RAG_MAX_FILE_MB', 'RAG_MAX_TOTAL_MB'],
};

export function readUploadConfig(env: NodeJS.ProcessEnv = process.env): UploadConfig {
  const values = readConfig(schema, env);
  return {
    uploadsDir: resolve(values.RAG_UPLOADS_DIR ?? `${values.LAMINI_DATA_DIR}/uploads`),
    maxFiles: values.RAG_MAX_FILES,
    maxFileBytes: values.RAG_MAX_FILE_MB * 2 ** 20,
    maxTotalBytes: values.RAG_MAX_TOTAL_MB * 2 ** 20,
  };
}
