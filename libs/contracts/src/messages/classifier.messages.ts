import type { ApiJobStatus } from './api-job-status';

/**
 * The classifier's replies. The spec leaves every `/v2/classifier` answer open (`schema: {}`);
 * these carry what the Lamini SDK reads (`job_id`, `model_id`, `classification`) and what a
 * user needs to see the state of a project.
 */

export type ClassifierJobStatus = ApiJobStatus;
export type ClassifierJobType = 'augment' | 'train';

export interface ClassMetrics {
  precision: number;
  recall: number;
  support: number;
}

/** How the trained head did on the held-out split it never saw while training or calibrating. */
export interface ClassifierMetrics {
  accuracy: number | null;
  per_class: Record<string, ClassMetrics> | null;
  expected_calibration_error: number | null;
  log_loss: number | null;
  temperature: number;
  train_rows: number;
  holdout_rows: number;
}

export interface ClassifierJobView {
  job_id: string;
  type: ClassifierJobType;
  status: ClassifierJobStatus;
  project_name: string;
  /** The model version a training job produces; null for an augmentation job. Always present: the SDK indexes it. */
  model_id: string | null;
  model_version: number | null;
  progress: { phase: string; fraction: number };
  metrics: ClassifierMetrics | null;
  /** Augmentation: examples the LLM added per class. */
  generated: Record<string, number> | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ClassifierInitialized {
  job_id: string;
  name: string;
  project_id: string;
}

export interface ClassifierClassView {
  name: string;
  description: string | null;
}

export interface ClassifierProjectView {
  project_id: string;
  name: string;
  model_name: string;
  classes: ClassifierClassView[];
  registered_model_id: string | null;
  created_at: string;
}

export interface ClassifierModelView {
  model_id: string;
  project_name: string;
  version: number;
  job_id: string;
  status: ClassifierJobStatus;
  registered: boolean;
  embedding_model: string;
  classes: string[];
  metrics: ClassifierMetrics | null;
  created_at: string;
}

export interface ClassifierDatasetView {
  dataset_name: string;
  rows: number;
  generated_rows: number;
  rows_per_class: Record<string, number>;
  created_at: string;
}

export interface ClassifierRowsAdded {
  project_name: string;
  dataset_name: string;
  added: number;
  duplicates: number;
  rows: number;
}

export interface ClassifierDatasetDeleted {
  project_name: string;
  dataset_name: string;
  deleted_rows: number;
}

/** One line of a downloaded dataset file. */
export interface ClassifierDatasetRow {
  text: string;
  label: string;
  generated: boolean;
}

/** A page of a dataset: the gateway asks for pages and streams them as JSON lines. */
export interface ClassifierDatasetPage {
  rows: ClassifierDatasetRow[];
  /** Pass as `after` for the next page; null after the last one. */
  next: number | null;
}

export interface ClassPrediction {
  class_id: number;
  class_name: string;
  prob: number;
}

export interface ClassificationResult {
  classification: ClassPrediction[][];
  metadata?: { model_id: string; project_name: string; version: number; embedding_model: string; classes: string[] };
}

export interface ClassifierModelRegistered {
  project_id: string;
  project_name: string;
  model_id: string;
  job_id: string;
  version: number;
}
