import type { FactEvaluation, FinetuneArgsReport, LossPoint, TrainType } from '@lamini/contracts';

export const TRAINING_QUEUE = 'training';

/** What a job trains with, every default resolved when it was submitted. */
export interface TrainingSettings {
  mode: 'memory_tuning' | 'finetune';
  maxSteps: number;
  learningRate: number;
  saveSteps: number;
  maxLength: number;
  maxExamples: number | null;
}

export interface TrainingJobPayload {
  datasetId: string;
  baseModel: string;
  trainType: TrainType;
  modelName: string;
  isPublic: boolean;
  settings: TrainingSettings;
  args: FinetuneArgsReport;
}

export type TrainingPhase = 'LOADING DATA' | 'TRAINING MODEL' | 'EVALUATING MODEL' | 'SAVING MODEL';

export interface TrainingJobProgress {
  phase: TrainingPhase;
  step: number;
  totalSteps: number;
  epoch: number;
  lossHistory: LossPoint[];
  tokensPerSecond: number | null;
  recall: number | null;
  etaSeconds: number | null;
  /** The last checkpoint completely written: file name inside the job's artifact folder. */
  checkpoint: { step: number; file: string } | null;
}

export interface TrainingJobResult {
  modelName: string;
  steps: number;
  finalLoss: number;
  recall: number | null;
  evaluation: FactEvaluation[];
}
