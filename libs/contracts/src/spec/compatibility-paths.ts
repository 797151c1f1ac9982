import { EFFECTIVE_SPEC } from './spec-amendments';
import type { OpenApiDocument } from './lamini-spec';

const AUTH_HEADER = { name: 'Authorization', in: 'header' as const, required: true, schema: { type: 'string' } };
const TRAIN_JOB_ID = { name: 'job_id', in: 'path' as const, required: true, schema: { type: 'integer', title: 'Job Id' } };
/** Dataset ids are the sha256 of the rows, in hex. */
const DATASET_ID = { type: 'string', title: 'Dataset Id', pattern: '^[0-9a-f]{64}$' };

function jsonBody(schema: Record<string, unknown>) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** The SDK's dataset upload and the training-job routes the spec leaves out (`lamini/api/train.py`). */
const TRAINING_PATHS: OpenApiDocument['paths'] = {
  '/v1/get-upload-base-path': {
    get: {
      operationId: 'get_upload_base_path_v1_get_upload_base_path_get',
      summary: 'Where datasets are uploaded: always this platform (`local`), never a blob store',
      parameters: [AUTH_HEADER],
    },
  },
  '/v1/local-data': {
    post: {
      operationId: 'upload_local_data_v1_local_data_post',
      summary: 'Stores a dataset of input/output rows; the same rows give the same dataset_id',
      parameters: [AUTH_HEADER],
      requestBody: jsonBody({
        type: 'object',
        properties: {
          upload_base_path: { type: 'string', title: 'Upload Base Path' },
          data: {
            type: 'array',
            title: 'Data',
            items: {
              type: 'object',
              properties: { input: { type: 'string' }, output: { type: 'string' } },
              required: ['input', 'output'],
            },
          },
          is_public: { type: 'boolean', title: 'Is Public', default: false },
        },
        required: ['data'],
      }),
    },
  },
  '/v1/existing-data': {
    post: {
      operationId: 'existing_data_v1_existing_data_post',
      summary: 'Looks up a dataset uploaded before',
      parameters: [AUTH_HEADER],
      requestBody: jsonBody({
        type: 'object',
        properties: { dataset_id: DATASET_ID, upload_base_path: { type: 'string', title: 'Upload Base Path' } },
        required: ['dataset_id'],
      }),
    },
  },
  '/v1/data': {
    post: {
      operationId: 'create_blob_dataset_v1_data_post',
      summary: 'Blob-store uploads are not offered: upload with POST /v1/local-data',
      parameters: [AUTH_HEADER],
    },
  },
  '/v1/data/num-datapoints': {
    post: {
      operationId: 'blob_dataset_num_datapoints_v1_data_num_datapoints_post',
      summary: 'Blob-store uploads are not offered: upload with POST /v1/local-data',
      parameters: [AUTH_HEADER],
    },
  },
  '/v1/train/jobs': {
    get: { operationId: 'list_training_jobs_v1_train_jobs_get', summary: "The caller's training jobs, newest first", parameters: [AUTH_HEADER] },
  },
  '/v1/train/jobs/cancel': {
    post: {
      operationId: 'cancel_all_training_jobs_v1_train_jobs_cancel_post',
      summary: "Cancels every queued or running training job of the caller's",
      parameters: [AUTH_HEADER],
    },
  },
  '/v1/train/jobs/{job_id}/eval': {
    get: {
      operationId: 'evaluate_training_job_v1_train_jobs__job_id__eval_get',
      summary: 'Exact-match recall of the training answers by greedy generation from their inputs',
      parameters: [TRAIN_JOB_ID, AUTH_HEADER],
    },
  },
};

/**
 * Routes the official Lamini Python SDK calls that the spec does not list. The README keeps the
 * same list for users.
 */
/** The SDK's `MemoryRAG.status()` and `get_logs()` (`lamini/api/memory_rag.py`). */
const MEMORY_RAG_PATHS: OpenApiDocument['paths'] = {
  '/alpha/memory-rag/status': {
    post: {
      operationId: 'memory_rag_job_status_post',
      summary: "A memory-RAG job's status, as the SDK asks for it",
      parameters: [AUTH_HEADER],
      requestBody: jsonBody({ type: 'object', properties: { job_id: { type: 'integer', title: 'Job Id' } }, required: ['job_id'] }),
    },
  },
  '/alpha/memory-rag/training_log/{job_id}': {
    get: {
      operationId: 'memory_rag_training_log_get',
      summary: "A memory-RAG job's log lines, oldest first",
      parameters: [TRAIN_JOB_ID, AUTH_HEADER],
    },
  },
};

export const COMPATIBILITY_PATHS: OpenApiDocument['paths'] = {
  ...TRAINING_PATHS,
  ...MEMORY_RAG_PATHS,
  '/v1/version': {
    get: { operationId: 'version_v1_version_get', parameters: [] },
  },
  '/v1/completions': {
    post: {
      operationId: 'completions_v1_completions_post',
      parameters: [AUTH_HEADER],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/CompletionsPayload' } } },
      },
    },
  },
  '/v3/streaming_completions/{id}/events': {
    get: {
      operationId: 'streaming_completion_events_v3_streaming_completions__id__events_get',
      summary: 'Server-Sent Events of a streaming completion',
      description:
        'The same generation as `GET /v3/streaming_completions/{id}/result`, pushed as it grows: a `message` event ' +
        'with `delta` (new text), `output` and `finish_reason: null` per update, then one `done` event with the final ' +
        '`output` and `finish_reason`. Closing the connection cancels the generation.',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, AUTH_HEADER],
    },
  },
};

/** Everything the gateway serves: the amended spec plus the SDK's compatibility routes (a path in both gets both's methods). */
export const SERVED_SPEC: OpenApiDocument = {
  ...EFFECTIVE_SPEC,
  paths: {
    ...EFFECTIVE_SPEC.paths,
    ...Object.fromEntries(Object.entries(COMPATIBILITY_PATHS).map(([path, item]) => [path, { ...EFFECTIVE_SPEC.paths[path], ...item }])),
  },
};
