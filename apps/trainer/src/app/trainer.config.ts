import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { readConfig } from '@lamini/config';

export interface DatasetLimits {
  maxRows: number;
  maxRowBytes: number;
  maxTotalBytes: number;
}

export interface TrainerConfig {
  /** Checkpoints and finished models before the registry takes them (the model store's volume). */
  artifactsDir: string;
  datasets: DatasetLimits;
  /** Trainings one replica runs at once; the rest wait in the queue, oldest first. */
  concurrency: number;
  threads: number;
  gpu: 'auto' | false;
  /** A job whose estimated memory exceeds this is refused when it is submitted. */
  memoryLimitBytes: number;
  /** Optimizer steps a memory-tuning job may take when `max_steps` is not given. */
  memoryTuningMaxSteps: number;
  leaseMs: number;
  pollMs: number;
  progressFlushMs: number;
}

export const TRAINER_CONFIG = Symbol('TRAINER_CONFIG');

interface TrainerEnv {
  LAMINI_DATA_DIR: string;
  TRAIN_ARTIFACTS_DIR?: string;
  TRAIN_DATASET_MAX_ROWS: number;
  TRAIN_DATASET_MAX_ROW_BYTES: number;
  TRAIN_DATASET_MAX_BYTES: number;
  TRAIN_CONCURRENCY: number;
  TRAIN_THREADS?: number;
  TRAIN_GPU: 'auto' | 'off';
  TRAIN_MEMORY_LIMIT_MB?: number;
  TRAIN_MEMORY_TUNING_MAX_STEPS: number;
  TRAIN_JOB_LEASE_MS: number;
  TRAIN_JOB_POLL_MS: number;
}

const schema: JSONSchemaType<TrainerEnv> = {
  type: 'object',
  properties: {
    LAMINI_DATA_DIR: { type: 'string', default: 'data' },
    TRAIN_ARTIFACTS_DIR: { type: 'string', nullable: true },
    TRAIN_DATASET_MAX_ROWS: { type: 'integer', minimum: 1, default: 20_000 },
    TRAIN_DATASET_MAX_ROW_BYTES: { type: 'integer', minimum: 16, default: 16_384 },
    TRAIN_DATASET_MAX_BYTES: { type: 'integer', minimum: 1024, default: 8 * 1024 * 1024 },
    TRAIN_CONCURRENCY: { type: 'integer', minimum: 1, default: 1 },
    TRAIN_THREADS: { type: 'integer', minimum: 1, nullable: true },
    TRAIN_GPU: { type: 'string', enum: ['auto', 'off'], default: 'auto' },
    TRAIN_MEMORY_LIMIT_MB: { type: 'integer', minimum: 1, nullable: true },
    TRAIN_MEMORY_TUNING_MAX_STEPS: { type: 'integer', minimum: 1, default: 20_000 },
    TRAIN_JOB_LEASE_MS: { type: 'integer', minimum: 300, default: 9_000 },
    TRAIN_JOB_POLL_MS: { type: 'integer', minimum: 10, default: 1_000 },
  },
  required: [
    'LAMINI_DATA_DIR',
    'TRAIN_DATASET_MAX_ROWS',
    'TRAIN_DATASET_MAX_ROW_BYTES',
    'TRAIN_DATASET_MAX_BYTES',
    'TRAIN_CONCURRENCY',
    'TRAIN_GPU',
    'TRAIN_MEMORY_TUNING_MAX_STEPS',
    'TRAIN_JOB_LEASE_MS',
    'TRAIN_JOB_POLL_MS',
  ],
};

export function readTrainerConfig(env: NodeJS.ProcessEnv = process.env): TrainerConfig {
  const values = readConfig(schema, env);
  return {
    artifactsDir: resolve(values.TRAIN_ARTIFACTS_DIR ?? `${values.LAMINI_DATA_DIR}/training`),
    datasets: {
      maxRows: values.TRAIN_DATASET_MAX_ROWS,
      maxRowBytes: values.TRAIN_DATASET_MAX_ROW_BYTES,
      maxTotalBytes: values.TRAIN_DATASET_MAX_BYTES,
    },
    concurrency: values.TRAIN_CONCURRENCY,
    // One core is left to inference and the service itself, which share the machine in the
    // embedded mode; a trainer pod of its own sets TRAIN_THREADS to its CPU limit.
    threads: values.TRAIN_THREADS ?? Math.max(1, availableParallelism() - 1),
    gpu: values.TRAIN_GPU === 'off' ? false : 'auto',
    memoryLimitBytes: (values.TRAIN_MEMORY_LIMIT_MB ?? Math.floor((totalmem() * 0.6) / 2 ** 20)) * 2 ** 20,
    memoryTuningMaxSteps: values.TRAIN_MEMORY_TUNING_MAX_STEPS,
    leaseMs: values.TRAIN_JOB_LEASE_MS,
    pollMs: values.TRAIN_JOB_POLL_MS,
    progressFlushMs: 1_000,
  };
}
