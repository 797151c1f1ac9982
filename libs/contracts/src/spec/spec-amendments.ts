import { LAMINI_SPEC, type OpenApiDocument } from './lamini-spec';

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
