import type { ClassifierMetrics } from '@lamini/contracts';

/** Separate queues, so a training that waits for its project's augmentation never holds the slot that augmentation needs. */
export const AUGMENT_QUEUE = 'classifier-augment';
export const TRAIN_QUEUE = 'classifier-train';

/** The job's settings are in its classifier_jobs row (and the model row); the queue row carries nothing more. */
export type ClassifierJobPayload = Record<string, never>;

export interface ClassifierJobProgress {
  phase: string;
  fraction: number;
  /** Augmentation: examples added per class so far. */
  generated?: Record<string, number>;
}

export interface TrainResult {
  metrics: ClassifierMetrics;
}
