/** One fact to learn: greedy generation from `input` should give back `output` exactly. */
export interface TrainingFact {
  input: string;
  output: string;
}

export type TrainingMode = 'memory_tuning' | 'finetune';

/** Everything a training run needs, already checked and bounded by the service. */
export interface TrainingSpec {
  /** GGUF with F32 or F16 weights (llama.cpp's training trains full weights). */
  baseModelPath: string;
  facts: TrainingFact[];
  mode: TrainingMode;
  /** Optimizer-step budget; memory tuning may stop earlier once every fact is recalled. */
  maxSteps: number;
  /** Peak learning rate (AdamW alpha). */
  learningRate: number;
  /** A checkpoint every this many optimizer steps. */
  saveSteps: number;
  /** Upper bound on tokens per training sample (the request's max_length). */
  maxLength: number;
  threads: number;
  seed: number;
}

export interface TrainingProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  /** Mean training loss of the latest stretch of steps. */
  loss: number;
  tokensPerSecond: number;
  /** Wall time per optimizer step lately, for an ETA; null before the first measurement. */
  secondsPerStep: number | null;
  /** Exact-match recall of the facts (0..1) when last measured during training, else null. */
  recall: number | null;
}

/** A saved state to continue from: full weights at `step`. */
export interface TrainingCheckpoint {
  step: number;
  /** Absolute path of the GGUF holding the weights at that step. */
  modelPath: string;
}

export interface TrainingRunOptions {
  /** Continue from here instead of the base model (resume or take-over). */
  resumeFrom?: TrainingCheckpoint;
  /** Folder the engine may write checkpoints into (it owns the file names inside). */
  checkpointDir: string;
  /** Where the final weights go. */
  outputPath: string;
  /** Aborting stops the run within seconds, after writing a checkpoint of the steps done. */
  signal: AbortSignal;
  onProgress(progress: TrainingProgress): void;
  /** Called after each checkpoint is completely written. */
  onCheckpoint(checkpoint: TrainingCheckpoint): void | Promise<void>;
}

export interface TrainingOutcome {
  /** 'completed': output written; 'cancelled': stopped by the signal, a checkpoint written. */
  state: 'completed' | 'cancelled';
  steps: number;
  finalLoss: number;
  /** Recall measured on the final weights (memory tuning), else null. */
  recall: number | null;
}

export interface FactRecall {
  input: string;
  expected: string;
  generated: string;
  exact: boolean;
}
