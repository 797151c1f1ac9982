import type { ClassifierMetrics } from '@lamini/contracts';

/** A training set as it crosses into the worker thread: one flat buffer of row vectors. */
export interface HeadTrainingInput {
  vectors: Float32Array;
  dimensions: number;
  labels: Int32Array;
  /** Rows that train but are never held out: generated examples. */
  trainOnly: boolean[];
  classNames: string[];
  holdoutFraction: number;
}

export interface TrainedHead {
  /** `ClassifierHead.toBuffer()`: what the model row stores. */
  head: Buffer;
  metrics: ClassifierMetrics;
}

export type HeadTrainingMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; head: Uint8Array; metrics: ClassifierMetrics }
  | { type: 'error'; message: string };
