import { EFFECTIVE_SPEC } from './spec-amendments';
import type { OpenApiDocument } from './lamini-spec';

const AUTH_HEADER = { name: 'Authorization', in: 'header' as const, required: true, schema: { type: 'string' } };

/**
 * Routes the official Lamini Python SDK calls that the spec does not list. The README keeps the
 * same list for users.
 */
export const COMPATIBILITY_PATHS: OpenApiDocument['paths'] = {
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

/** Everything the gateway serves: the amended spec plus the SDK's compatibility routes. */
export const SERVED_SPEC: OpenApiDocument = {
  ...EFFECTIVE_SPEC,
  paths: { ...EFFECTIVE_SPEC.paths, ...COMPATIBILITY_PATHS },
};
