import type { ApiJobStatus } from './api-job-status';
import type { FinishReason } from '../dto/lamini-dtos';

/** A file the gateway streamed into the shared upload folder, named by our own random id. */
export interface StagedUpload {
  upload_id: string;
  /** The client's file name: metadata (and the format's extension), never a path. */
  file_name: string;
  size: number;
}

export interface MemoryRagTrainPayload {
  model_name: string;
  files: StagedUpload[];
}

export interface MemoryRagJobRef {
  job_id: number;
}

export type MemoryRagStatus = ApiJobStatus;

export interface MemoryRagJobView {
  job_id: number;
  status: MemoryRagStatus;
  model_name: string;
  embedding_model: string;
  documents: Array<{ name: string; size_bytes: number }>;
  progress: { phase: string; chunks_total: number; chunks_embedded: number };
  created_at: string;
  error: string | null;
}

export interface MemoryRagCompletionPayload {
  prompt: string;
  job_id: number;
  model_name?: string;
  rag_query_size?: number;
  output_type?: Record<string, string | number[] | string[]>;
  max_new_tokens?: number;
}

export interface RagSource {
  document: string;
  chunk_id: number;
  text: string;
  score: number;
}

export interface MemoryRagCompletion {
  outputs: Array<Record<string, unknown>>;
  finish_reason: FinishReason[];
  /** The chunks the answer was built from, best first, so a person can check it. */
  sources: RagSource[];
}

export interface MemoryRagAddIndexPayload {
  prompt: string;
  job_id: number;
}
