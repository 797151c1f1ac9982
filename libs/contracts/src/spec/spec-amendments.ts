import { TRAIN_TYPES } from '../messages/training.messages';
import { LAMINI_SPEC, type OpenApiDocument } from './lamini-spec';

/** One part of a hub repository id: letters, digits, `_`, `.`, `-`, starting and ending with a letter, digit or `_`. */
const HUB_ID_PART = '[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?';

/**
 * A Hugging Face repository id as the hub's own client checks it (`validate_repo_id`): an
 * optional namespace and a name of at most 96 such characters, no `--` or `..`, not ending in
 * `.git`. The namespace is optional here because models on disk go by their folder's name;
 * a download from the hub needs one (the registry says so).
 */
export const HUB_MODEL_ID_PATTERN = `^(?!.*(?:--|\\.\\.))(?!.*\\.git$)(?:${HUB_ID_PART}/)?${HUB_ID_PART}$`;

/**
 * Where the committed spec is wrong or silent, what the Lamini SDK actually sends. Each entry is
 * a known, tested difference between `LAMINI_SPEC` and the API we serve (`EFFECTIVE_SPEC`).
 */
export const SPEC_AMENDMENTS = {
  /** Referenced by the memory-RAG operations but absent from the spec's components. */
  missingSchemas: {
    MemoryRagCompletionsPayload: {
      type: 'object',
      title: 'MemoryRagCompletionsPayload',
      properties: {
        prompt: { type: 'string', title: 'Prompt' },
        job_id: { type: 'integer', title: 'Job Id' },
        rag_query_size: { type: 'integer', title: 'Rag Query Size', default: 3 },
        model_name: { type: 'string', title: 'Model Name' },
      },
      required: ['prompt', 'job_id'],
    },
    MemoryRagAddIndexPayload: {
      type: 'object',
      title: 'MemoryRagAddIndexPayload',
      properties: { job_id: { type: 'integer', title: 'Job Id' } },
      required: ['job_id'],
    },
    MemoryRagSuggestionsPayload: {
      type: 'object',
      title: 'MemoryRagSuggestionsPayload',
      properties: { job_id: { type: 'integer', title: 'Job Id' } },
      required: ['job_id'],
    },
  },
  /** The SDK sends `train_type` with every training job; the spec's TrainPayload lacks it. */
  trainType: {
    schema: 'TrainPayload',
    property: 'train_type',
    definition: {
      type: 'string',
      enum: [...TRAIN_TYPES],
      title: 'Train Type',
      default: 'memory_tuning',
      description:
        '`memory_tuning` (the default) and `mome_mini` train until every training answer is recalled exactly or ' +
        '`max_steps` runs out; `finetune` trains for `max_steps`; `memory_rag` belongs to `/alpha/memory-rag/train`.',
    },
  },
  /** The spec takes any string as a model to download; we take only what the hub could hold. */
  hubModelId: { schema: 'PostPayload', property: 'hf_model_name', pattern: HUB_MODEL_ID_PATTERN },
  /**
   * `POST /alpha/memory-rag/train` takes the documents as multipart `files` parts with a
   * `model_name` field (the SDK's `memory_index`); the spec gives only an untyped JSON body.
   */
  memoryRagTrain: {
    path: '/alpha/memory-rag/train',
    requestBody: {
      required: false,
      content: {
        'application/json': { schema: {} },
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: {
              model_name: { type: 'string', title: 'Model Name' },
              files: { type: 'array', items: { type: 'string', format: 'binary' }, title: 'Files' },
            },
            required: ['model_name', 'files'],
          },
        },
      },
    },
  },
  /**
   * `GET /alpha/memory-rag/status` declares `job_id` as a path parameter of a path without one.
   * The SDK and Lamini's docs send it in a JSON body of the GET; we also take `?job_id=`.
   */
  memoryRagStatus: {
    path: '/alpha/memory-rag/status',
    parameters: [{ name: 'job_id', in: 'query' as const, required: false, schema: { type: 'integer', title: 'Job Id' } }],
    requestBody: {
      required: false,
      content: {
        'application/json': {
          schema: { type: 'object', properties: { job_id: { type: 'integer', title: 'Job Id' } } },
        },
      },
    },
  },
};

function amend(spec: OpenApiDocument): OpenApiDocument {
  const doc: OpenApiDocument = structuredClone(spec);
  Object.assign(doc.components.schemas, SPEC_AMENDMENTS.missingSchemas);
  const { schema, property, pattern } = SPEC_AMENDMENTS.hubModelId;
  doc.components.schemas[schema].properties![property].pattern = pattern;
  const { property: trainType, definition } = SPEC_AMENDMENTS.trainType;
  doc.components.schemas[SPEC_AMENDMENTS.trainType.schema].properties![trainType] = definition;
  doc.paths[SPEC_AMENDMENTS.memoryRagTrain.path].post.requestBody = SPEC_AMENDMENTS.memoryRagTrain.requestBody;
  const status = doc.paths[SPEC_AMENDMENTS.memoryRagStatus.path].get;
  status.parameters = [
    ...(status.parameters ?? []).filter((p) => p.in !== 'path'),
    ...SPEC_AMENDMENTS.memoryRagStatus.parameters,
  ];
  status.requestBody = SPEC_AMENDMENTS.memoryRagStatus.requestBody;
  return doc;
}

/** The API as served: the committed spec with the amendments above. */
export const EFFECTIVE_SPEC = amend(LAMINI_SPEC);
