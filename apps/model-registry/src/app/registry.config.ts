import { resolve } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { readConfig, splitList } from '@lamini/config';

export interface RegistryConfig {
  /** Directories scanned for models already on disk (a folder per model). */
  modelDirs: string[];
  /** How long one scan of `modelDirs` is reused. */
  scanReuseMs: number;
  /** Root of the model store that downloads go into (a volume in Kubernetes). */
  storeDir: string;
  hubEndpoint: string;
  /** GGUF quantisations in order of preference when a repository offers several. */
  ggufPreference: string[];
  secretKeyFile: string;
  secretKey: string | undefined;
  leaseMs: number;
  pollMs: number;
  concurrency: number;
}

export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');

interface RegistryEnv {
  MODEL_DIRS?: string;
  MODEL_DIRS_RESCAN_MS: number;
  LAMINI_DATA_DIR: string;
  MODEL_STORE_DIR?: string;
  HF_ENDPOINT: string;
  GGUF_QUANT_PREFERENCE: string;
  LAMINI_SECRET_KEY?: string;
  DOWNLOAD_LEASE_MS: number;
  DOWNLOAD_POLL_MS: number;
  DOWNLOAD_CONCURRENCY: number;
}

const schema: JSONSchemaType<RegistryEnv> = {
  type: 'object',
  properties: {
    MODEL_DIRS: { type: 'string', nullable: true },
    MODEL_DIRS_RESCAN_MS: { type: 'integer', minimum: 0, default: 1_000 },
    LAMINI_DATA_DIR: { type: 'string', default: 'data' },
    MODEL_STORE_DIR: { type: 'string', nullable: true },
    HF_ENDPOINT: { type: 'string', pattern: '^https?://', default: 'https://huggingface.co' },
    GGUF_QUANT_PREFERENCE: { type: 'string', default: 'Q4_K_M,Q4_K_S,Q5_K_M,Q6_K,Q8_0,F16,BF16,F32' },
    LAMINI_SECRET_KEY: { type: 'string', pattern: '^[0-9a-fA-F]{64}$', nullable: true },
    DOWNLOAD_LEASE_MS: { type: 'integer', minimum: 300, default: 30_000 },
    DOWNLOAD_POLL_MS: { type: 'integer', minimum: 10, default: 2_000 },
    DOWNLOAD_CONCURRENCY: { type: 'integer', minimum: 1, default: 2 },
  },
  required: ['MODEL_DIRS_RESCAN_MS', 'LAMINI_DATA_DIR', 'HF_ENDPOINT', 'GGUF_QUANT_PREFERENCE', 'DOWNLOAD_LEASE_MS', 'DOWNLOAD_POLL_MS', 'DOWNLOAD_CONCURRENCY'],
};

export function readRegistryConfig(env: NodeJS.ProcessEnv = process.env): RegistryConfig {
  const values = readConfig(schema, env);
  return {
    modelDirs: splitList(values.MODEL_DIRS).map((dir) => resolve(dir)),
    scanReuseMs: values.MODEL_DIRS_RESCAN_MS,
    storeDir: resolve(values.MODEL_STORE_DIR ?? `${values.LAMINI_DATA_DIR}/models`),
    hubEndpoint: values.HF_ENDPOINT.replace(/\/+$/, ''),
    ggufPreference: splitList(values.GGUF_QUANT_PREFERENCE).map((q) => q.toUpperCase()),
    secretKeyFile: resolve(values.LAMINI_DATA_DIR, 'secret.key'),
    secretKey: values.LAMINI_SECRET_KEY,
    leaseMs: values.DOWNLOAD_LEASE_MS,
    pollMs: values.DOWNLOAD_POLL_MS,
    concurrency: values.DOWNLOAD_CONCURRENCY,
  };
}
