import type {
  BatchCompletionsPayload,
  BatchInitialResponse,
  ClassifierV2AddPayload,
  ClassifierV2ClassifyPayload,
  ClassifierV2InitializePayload,
  ClassifierV2RegisterPayload,
  ClassifierV2TrainPayload,
  ClassifierV2UpdateJobPayload,
  CompletionsPayload,
  CompletionsWithFinishReasonResponse,
  EmbeddingParams,
  FinishReason,
  TrainResponse,
  V3StreamingCompletionsPayload,
} from '../dto/lamini-dtos';
import type {
  MemoryRagAddIndexPayload,
  MemoryRagCompletion,
  MemoryRagCompletionPayload,
  MemoryRagJobRef,
  MemoryRagJobView,
  MemoryRagTrainPayload,
} from '../messages/memory-rag.messages';
import type {
  ClassificationResult,
  ClassifierDatasetDeleted,
  ClassifierDatasetPage,
  ClassifierDatasetView,
  ClassifierInitialized,
  ClassifierJobView,
  ClassifierModelRegistered,
  ClassifierModelView,
  ClassifierProjectView,
  ClassifierRowsAdded,
} from '../messages/classifier.messages';
import type { OpenAiGeneration, OpenAiGenerationPayload, OpenAiStreamEvent } from '../messages/openai.messages';
import type { PackedEmbeddings } from '../messages/packed-embeddings';
import type {
  CancelAllResult,
  DatasetUploaded,
  ExistingDataPayload,
  LocalDataPayload,
  TrainJobEvaluation,
  TrainJobPayload,
  TrainJobRef,
  TrainJobView,
} from '../messages/training.messages';
import { defineSubject } from './subject';

/** Operations whose reply the spec leaves open (`schema: {}`) carry JSON objects until their service defines them. */
export type JsonObject = Record<string, unknown>;

const LONG_RUNNING_MS = 10 * 60_000;

export interface JobRef {
  job_id: string;
}
export interface ProjectRef {
  project_name: string;
}
export interface DatasetRef extends ProjectRef {
  dataset_name: string;
}

/**
 * A batch or stream as polled: `outputs` and `finish_reason` per prompt, in prompt order, with
 * null for a prompt not finished yet. A finished batch is exactly the completions shape.
 */
export interface PartialCompletions {
  outputs: Array<Record<string, unknown> | null>;
  finish_reason: Array<FinishReason | null>;
}

export interface BatchResult extends PartialCompletions {
  status?: 'queued' | 'running';
  progress?: { completed: number; total: number };
}

export type StreamResult = PartialCompletions;

export const InferenceSubjects = {
  complete: defineSubject<CompletionsPayload, CompletionsWithFinishReasonResponse>('inference', 'inference.complete', LONG_RUNNING_MS, {
    cancellable: true,
  }),
  /** The SDK's v1 route: `{output}` per prompt, or the structured object when `output_type` is set. */
  completeV1: defineSubject<CompletionsPayload, unknown>('inference', 'inference.complete.v1', LONG_RUNNING_MS, { cancellable: true }),
  createBatch: defineSubject<BatchCompletionsPayload, BatchInitialResponse>('inference', 'inference.batch.create'),
  batchResult: defineSubject<{ id: string }, BatchResult>('inference', 'inference.batch.result'),
  createStream: defineSubject<V3StreamingCompletionsPayload, { id: string }>('inference', 'inference.stream.create'),
  streamResult: defineSubject<{ id: string }, StreamResult>('inference', 'inference.stream.result'),
  /** Stops a stream's generation at once (its push client went away). */
  cancelStream: defineSubject<{ id: string }, StreamResult>('inference', 'inference.stream.cancel'),
  /** `/inf/chat/completions` and `/inf/completions`. */
  openaiGenerate: defineSubject<OpenAiGenerationPayload, OpenAiGeneration>('inference', 'inference.openai.generate', LONG_RUNNING_MS, {
    cancellable: true,
  }),
  /** The same, streamed: several replies, deltas then the whole generation (ServiceClient.stream). */
  openaiStream: defineSubject<OpenAiGenerationPayload, OpenAiStreamEvent>('inference', 'inference.openai.stream', LONG_RUNNING_MS, {
    cancellable: true,
  }),
} as const;

export const EmbeddingSubjects = {
  /** Vectors packed for the transport; the gateway answers the spec's EmbeddingResponse from them. */
  embed: defineSubject<EmbeddingParams, PackedEmbeddings>('embedding', 'embedding.embed', LONG_RUNNING_MS),
} as const;

export const TrainerSubjects = {
  uploadData: defineSubject<LocalDataPayload, DatasetUploaded>('trainer', 'trainer.datasets.upload'),
  existingData: defineSubject<ExistingDataPayload, DatasetUploaded>('trainer', 'trainer.datasets.get'),
  train: defineSubject<TrainJobPayload, TrainResponse & TrainJobView>('trainer', 'trainer.jobs.create'),
  listJobs: defineSubject<Record<string, never>, TrainJobView[]>('trainer', 'trainer.jobs.list'),
  status: defineSubject<TrainJobRef, TrainJobView>('trainer', 'trainer.jobs.status'),
  cancel: defineSubject<TrainJobRef, TrainJobView>('trainer', 'trainer.jobs.cancel'),
  cancelAll: defineSubject<Record<string, never>, CancelAllResult>('trainer', 'trainer.jobs.cancel-all'),
  resume: defineSubject<TrainJobRef, TrainJobView>('trainer', 'trainer.jobs.resume'),
  evaluate: defineSubject<TrainJobRef, TrainJobEvaluation>('trainer', 'trainer.jobs.evaluate'),
} as const;

/** The classifier's operations; the spec leaves their replies open, so they follow classifier.messages. */
export const ClassifierSubjects = {
  initialize: defineSubject<ClassifierV2InitializePayload, ClassifierInitialized>('classifier', 'classifier.projects.initialize'),
  add: defineSubject<ClassifierV2AddPayload, ClassifierRowsAdded>('classifier', 'classifier.datasets.add'),
  train: defineSubject<ClassifierV2TrainPayload, ClassifierJobView>('classifier', 'classifier.jobs.train'),
  register: defineSubject<ClassifierV2RegisterPayload, ClassifierModelRegistered>('classifier', 'classifier.models.register'),
  updateJob: defineSubject<ClassifierV2UpdateJobPayload, ClassifierJobView>('classifier', 'classifier.jobs.update'),
  jobStatus: defineSubject<JobRef, ClassifierJobView>('classifier', 'classifier.jobs.status'),
  classify: defineSubject<ClassifierV2ClassifyPayload & { model_id: string }, ClassificationResult>('classifier', 'classifier.classify', LONG_RUNNING_MS),
  listModels: defineSubject<ProjectRef, ClassifierModelView[]>('classifier', 'classifier.models.list'),
  listDatasets: defineSubject<ProjectRef, ClassifierDatasetView[]>('classifier', 'classifier.datasets.list'),
  /** One page of rows after row `after` (exclusive); the gateway streams the pages as the file. */
  downloadDataset: defineSubject<DatasetRef & { after?: number }, ClassifierDatasetPage>('classifier', 'classifier.datasets.download'),
  deleteDataset: defineSubject<DatasetRef, ClassifierDatasetDeleted>('classifier', 'classifier.datasets.delete'),
  listProjects: defineSubject<Record<string, never>, ClassifierProjectView[]>('classifier', 'classifier.projects.list'),
  listJobs: defineSubject<ProjectRef, ClassifierJobView[]>('classifier', 'classifier.jobs.list'),
} as const;

/** The spec omits the memory-RAG payload schemas; these follow what the Lamini SDK sends. */
export const MemoryRagSubjects = {
  train: defineSubject<MemoryRagTrainPayload, MemoryRagJobView>('memory-rag', 'memory-rag.jobs.create', LONG_RUNNING_MS),
  addIndex: defineSubject<MemoryRagAddIndexPayload, { job_id: number; status: 'success' }>('memory-rag', 'memory-rag.index.add', LONG_RUNNING_MS),
  complete: defineSubject<MemoryRagCompletionPayload, MemoryRagCompletion>('memory-rag', 'memory-rag.complete', LONG_RUNNING_MS),
  suggestions: defineSubject<MemoryRagJobRef, Array<Record<string, string>>>('memory-rag', 'memory-rag.suggestions', LONG_RUNNING_MS),
  jobStatus: defineSubject<MemoryRagJobRef, MemoryRagJobView>('memory-rag', 'memory-rag.jobs.status'),
  jobLog: defineSubject<MemoryRagJobRef, string[]>('memory-rag', 'memory-rag.jobs.log'),
} as const;
