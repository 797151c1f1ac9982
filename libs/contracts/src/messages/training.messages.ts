import type { FinetuneArgs, GPUConfig, TrainStatus } from '../dto/lamini-dtos';

/** `train_type` values the SDK documents, plus plain fine-tuning. */
export const TRAIN_TYPES = ['memory_tuning', 'mome_mini', 'memory_rag', 'finetune'] as const;
export type TrainType = (typeof TRAIN_TYPES)[number];

/** The SDK takes the local upload path for any value but `azure`. */
export const LOCAL_UPLOAD_BASE_PATH = 'local';

export interface DatasetRow {
  input: string;
  output: string;
}

export interface LocalDataPayload {
  upload_base_path: string;
  data: DatasetRow[];
  is_public?: boolean;
}

export interface ExistingDataPayload {
  dataset_id: string;
  upload_base_path: string;
}

export interface DatasetUploaded {
  dataset_id: string;
  /** A name for the dataset inside the platform, never a path a client can choose. */
  dataset_location: string;
  num_datapoints: number;
}

/** What the SDK sends to `POST /v1/train`: the spec's TrainPayload plus `train_type`. */
export interface TrainJobPayload {
  model_name: string;
  dataset_id?: string;
  finetune_args?: FinetuneArgs;
  gpu_config?: GPUConfig;
  custom_model_name?: string;
  upload_file_path?: string;
  is_public?: boolean;
  train_type?: TrainType;
  id?: string;
  source?: Record<string, unknown>;
}

export interface TrainJobRef {
  job_id: number;
}

export interface LossPoint {
  step: number;
  loss: number;
}

export interface TrainingProgressView {
  step: number;
  total_steps: number;
  epoch: number;
  loss: number | null;
  loss_history: LossPoint[];
  tokens_per_second: number | null;
  eta_seconds: number | null;
  /** Exact-match recall of the training answers (0..1) when last measured. */
  recall: number | null;
  checkpoint_step: number | null;
}

export interface FinetuneArgsReport {
  applied: Record<string, unknown>;
  /** Argument name → why it does not apply here. */
  ignored: Record<string, string>;
}

/** `GET /v1/train/jobs/{id}`: what the SDK reads (`status`, `model_name`) and what a watcher wants. */
export interface TrainJobView {
  job_id: number;
  status: TrainStatus;
  model_name: string;
  base_model_name: string;
  custom_model_name: string | null;
  dataset_id: string;
  train_type: TrainType;
  is_public: boolean;
  created_at: string;
  start_time: string | null;
  end_time: string | null;
  progress: TrainingProgressView;
  finetune_args: FinetuneArgsReport;
  error: string | null;
}

export interface FactEvaluation {
  input: string;
  expected_output: string;
  model_output: string;
  exact_match: boolean;
}

export interface TrainJobEvaluation {
  job_id: number;
  status: TrainStatus;
  model_name: string;
  /** Exact-match recall by greedy generation from each training input. */
  exact_match_recall: number | null;
  num_evaluated: number;
  num_exact: number;
  examples: FactEvaluation[];
}

export interface CancelAllResult {
  cancelled_job_ids: number[];
}
