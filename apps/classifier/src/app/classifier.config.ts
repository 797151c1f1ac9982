import type { JSONSchemaType } from 'ajv';
import { readConfig } from '@lamini/config';

export interface ClassifierLimits {
  maxClasses: number;
  maxClassNameChars: number;
  maxDescriptionChars: number;
  maxExampleChars: number;
  /** Rows a project may hold across its datasets (and so rows one training embeds). */
  maxProjectRows: number;
  maxClassifyPrompts: number;
}

export interface ClassifierConfig {
  embeddingModel: string;
  limits: ClassifierLimits;
  /** Examples the LLM is asked to add per class when a project is initialised (0: none). */
  augmentPerClass: number;
  augmentMaxTokens: number;
  holdoutFraction: number;
  embedBatch: number;
  /** Trained heads kept in memory for classification, least recently used evicted. */
  loadedHeads: number;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
}

export const CLASSIFIER_CONFIG = Symbol('CLASSIFIER_CONFIG');

interface ClassifierEnv {
  CLASSIFIER_EMBEDDING_MODEL: string;
  CLASSIFIER_MAX_CLASSES: number;
  CLASSIFIER_MAX_CLASS_NAME_CHARS: number;
  CLASSIFIER_MAX_DESCRIPTION_CHARS: number;
  CLASSIFIER_MAX_EXAMPLE_CHARS: number;
  CLASSIFIER_MAX_PROJECT_ROWS: number;
  CLASSIFIER_MAX_CLASSIFY_PROMPTS: number;
  CLASSIFIER_AUGMENT_PER_CLASS: number;
  CLASSIFIER_AUGMENT_MAX_TOKENS: number;
  CLASSIFIER_HOLDOUT_FRACTION: number;
  CLASSIFIER_EMBED_BATCH: number;
  CLASSIFIER_LOADED_HEADS: number;
  CLASSIFIER_CONCURRENCY: number;
  CLASSIFIER_JOB_LEASE_MS: number;
  CLASSIFIER_JOB_POLL_MS: number;
}

const schema: JSONSchemaType<ClassifierEnv> = {
  type: 'object',
  properties: {
    CLASSIFIER_EMBEDDING_MODEL: { type: 'string', default: 'sentence-transformers/all-MiniLM-L6-v2' },
    CLASSIFIER_MAX_CLASSES: { type: 'integer', minimum: 2, default: 100 },
    CLASSIFIER_MAX_CLASS_NAME_CHARS: { type: 'integer', minimum: 1, default: 200 },
    CLASSIFIER_MAX_DESCRIPTION_CHARS: { type: 'integer', minimum: 1, default: 4_000 },
    CLASSIFIER_MAX_EXAMPLE_CHARS: { type: 'integer', minimum: 1, default: 4_000 },
    CLASSIFIER_MAX_PROJECT_ROWS: { type: 'integer', minimum: 2, default: 20_000 },
    CLASSIFIER_MAX_CLASSIFY_PROMPTS: { type: 'integer', minimum: 1, default: 256 },
    CLASSIFIER_AUGMENT_PER_CLASS: { type: 'integer', minimum: 0, maximum: 100, default: 8 },
    CLASSIFIER_AUGMENT_MAX_TOKENS: { type: 'integer', minimum: 1, maximum: 512, default: 48 },
    CLASSIFIER_HOLDOUT_FRACTION: { type: 'number', exclusiveMinimum: 0, maximum: 0.5, default: 0.2 },
    CLASSIFIER_EMBED_BATCH: { type: 'integer', minimum: 1, maximum: 256, default: 64 },
    CLASSIFIER_LOADED_HEADS: { type: 'integer', minimum: 1, default: 64 },
    CLASSIFIER_CONCURRENCY: { type: 'integer', minimum: 1, default: 1 },
    CLASSIFIER_JOB_LEASE_MS: { type: 'integer', minimum: 300, default: 30_000 },
    CLASSIFIER_JOB_POLL_MS: { type: 'integer', minimum: 10, default: 1_000 },
  },
  required: [
    'CLASSIFIER_EMBEDDING_MODEL',
    'CLASSIFIER_MAX_CLASSES',
    'CLASSIFIER_MAX_CLASS_NAME_CHARS',
    'CLASSIFIER_MAX_DESCRIPTION_CHARS',
    'CLASSIFIER_MAX_EXAMPLE_CHARS',
    'CLASSIFIER_MAX_PROJECT_ROWS',
    'CLASSIFIER_MAX_CLASSIFY_PROMPTS',
    'CLASSIFIER_AUGMENT_PER_CLASS',
    'CLASSIFIER_AUGMENT_MAX_TOKENS',
    'CLASSIFIER_HOLDOUT_FRACTION',
    'CLASSIFIER_EMBED_BATCH',
    'CLASSIFIER_LOADED_HEADS',
    'CLASSIFIER_CONCURRENCY',
    'CLASSIFIER_JOB_LEASE_MS',
    'CLASSIFIER_JOB_POLL_MS',
  ],
};

export function readClassifierConfig(env: NodeJS.ProcessEnv = process.env): ClassifierConfig {
  const values = readConfig(schema, env);
  return {
    embeddingModel: values.CLASSIFIER_EMBEDDING_MODEL,
    limits: {
      maxClasses: values.CLASSIFIER_MAX_CLASSES,
      maxClassNameChars: values.CLASSIFIER_MAX_CLASS_NAME_CHARS,
      maxDescriptionChars: values.CLASSIFIER_MAX_DESCRIPTION_CHARS,
      maxExampleChars: values.CLASSIFIER_MAX_EXAMPLE_CHARS,
      maxProjectRows: values.CLASSIFIER_MAX_PROJECT_ROWS,
      maxClassifyPrompts: values.CLASSIFIER_MAX_CLASSIFY_PROMPTS,
    },
    augmentPerClass: values.CLASSIFIER_AUGMENT_PER_CLASS,
    augmentMaxTokens: values.CLASSIFIER_AUGMENT_MAX_TOKENS,
    holdoutFraction: values.CLASSIFIER_HOLDOUT_FRACTION,
    embedBatch: values.CLASSIFIER_EMBED_BATCH,
    loadedHeads: values.CLASSIFIER_LOADED_HEADS,
    concurrency: values.CLASSIFIER_CONCURRENCY,
    leaseMs: values.CLASSIFIER_JOB_LEASE_MS,
    pollMs: values.CLASSIFIER_JOB_POLL_MS,
  };
}
