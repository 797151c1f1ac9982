import type { ModelType } from '../dto/lamini-dtos';

export const MODEL_STATUSES = ['WAITING', 'DOWNLOADING', 'DOWNLOADED', 'FAILED'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** `status` of the answer to a download request; `available` is the word the Lamini SDK waits for. */
export type DownloadState = 'waiting' | 'downloading' | 'available' | 'failed';

/** One entry of `GET /v1alpha/downloaded_models`, in the fields the Lamini SDK's DownloadedModel reads. */
export interface DownloadedModelView {
  model_id: string;
  model_name: string;
  model_type: ModelType;
  user_id: string | null;
  is_public: boolean;
  creation_ts: string;
  prev_download_ts: string | null;
  prev_download_error: string | null;
  download_attempts: number;
  status: ModelStatus;
  size_bytes: number | null;
  /** Fraction 0..1 while downloading. */
  progress: number | null;
}

export interface DownloadModelPayload {
  hf_model_name: string;
  model_type: ModelType;
  private_hf_token?: string;
}

export interface ResolveModelPayload {
  model_name: string;
}

export interface ModelFileLocation {
  /** Path of the file inside the model repository, e.g. `onnx/model.onnx`. */
  name: string;
  /** Absolute path on the shared model store volume. */
  path: string;
  size: number;
}

/** How a service finds a model's files: only services call this, never HTTP clients. */
export interface ResolvedModel {
  model_name: string;
  model_type: ModelType;
  files: ModelFileLocation[];
}

/**
 * A model a training job produced, handed to the registry: it moves the file into its store
 * and serves it under `model_name` to the owner (to everyone when `is_public`).
 */
export interface RegisterTrainedModelPayload {
  model_name: string;
  is_public: boolean;
  /** The GGUF the trainer wrote, on the artifact volume the registry shares. */
  staged_path: string;
  /** The job that made it, kept for the record. */
  job_id: string;
}
