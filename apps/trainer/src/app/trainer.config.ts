import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { ConfigError, readCgroupMemoryLimit, readConfig } from '@lamini/config';

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
  /**
   * A job whose estimated memory exceeds this is refused when it is submitted. In a container, the
   * jobs a replica runs at once fit in its memory limit together (trainerMemoryLimitBytes).
   */
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
  TRAIN_CONTAINER_MEMORY_LIMIT_BYTES?: number;
  TRAIN_MEMORY_HEADROOM_MB: number;
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
    TRAIN_CONTAINER_MEMORY_LIMIT_BYTES: { type: 'integer', minimum: 1, nullable: true },
    TRAIN_MEMORY_HEADROOM_MB: { type: 'integer', minimum: 0, default: 1024 },
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
    'TRAIN_MEMORY_HEADROOM_MB',
    'TRAIN_MEMORY_TUNING_MAX_STEPS',
    'TRAIN_JOB_LEASE_MS',
    'TRAIN_JOB_POLL_MS',
  ],
};

const MB = 2 ** 20;

/**
 * What one job may use. Without a container limit (embedded mode on a workstation), 60% of the
 * machine's memory unless TRAIN_MEMORY_LIMIT_MB says otherwise. In a container (its limit from
 * TRAIN_CONTAINER_MEMORY_LIMIT_BYTES, which the manifests set from the downward API, or else the
 * cgroup's), the TRAIN_CONCURRENCY jobs of a replica share what the limit leaves after
 * TRAIN_MEMORY_HEADROOM_MB for the process; an explicit TRAIN_MEMORY_LIMIT_MB that does not fit
 * stops the process at start, since jobs admitted under it would get the pod killed for memory.
 */
export function trainerMemoryLimitBytes(
  jobMb: number | undefined,
  containerBytes: number | undefined,
  headroomMb: number,
  concurrency: number,
  machineBytes = totalmem(),
): number {
  if (containerBytes === undefined) return (jobMb ?? Math.floor((machineBytes * 0.6) / MB)) * MB;
  const room = Math.floor(containerBytes / MB) - headroomMb;
  const perJob = Math.floor(room / concurrency);
  const limit = `the container's memory limit (${Math.floor(containerBytes / MB)} MiB)`;
  if (perJob < 1) throw new ConfigError(`TRAIN_MEMORY_HEADROOM_MB (${headroomMb}) leaves nothing of ${limit} for training; raise the limit`);
  if (jobMb === undefined) return perJob * MB;
  if (jobMb > perJob) {
    throw new ConfigError(
      `TRAIN_MEMORY_LIMIT_MB (${jobMb}) × TRAIN_CONCURRENCY (${concurrency}) does not fit in ${limit} beside ` +
        `TRAIN_MEMORY_HEADROOM_MB (${headroomMb}): set it to ${perJob} or less, or leave it unset to derive it`,
    );
  }
  return jobMb * MB;
}

export function readTrainerConfig(
  env: NodeJS.ProcessEnv = process.env,
  containerMemoryLimit: () => number | undefined = readCgroupMemoryLimit,
): TrainerConfig {
  const values = readConfig(schema, env);
  const containerBytes = values.TRAIN_CONTAINER_MEMORY_LIMIT_BYTES ?? containerMemoryLimit();
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
    memoryLimitBytes: trainerMemoryLimitBytes(values.TRAIN_MEMORY_LIMIT_MB, containerBytes, values.TRAIN_MEMORY_HEADROOM_MB, values.TRAIN_CONCURRENCY),
    memoryTuningMaxSteps: values.TRAIN_MEMORY_TUNING_MAX_STEPS,
    leaseMs: values.TRAIN_JOB_LEASE_MS,
    pollMs: values.TRAIN_JOB_POLL_MS,
    progressFlushMs: 1_000,
  };
}
