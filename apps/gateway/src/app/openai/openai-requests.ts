import {
  type ChatMessage,
  InvalidInputError,
  type JsonResponseFormat,
  type OpenAiGenerationInput,
  type OpenAiGenerationPayload,
  responseSchemaIssue,
} from '@lamini/contracts';
import { unstorableTextIssues } from '../validation/storable-text';

/**
 * OpenAI request bodies checked and turned into what the services take. Every refusal is an
 * InvalidInputError naming the parameter, which the `/inf` routes answer as OpenAI does: 400
 * with `{"error": {"message", "type": "invalid_request_error", "param"}}`. Parameters we cannot
 * honour (tools, logprobs, images) are refused by name rather than ignored; harmless ones
 * (user, metadata, zero penalties) are accepted.
 */
type Body = Record<string, unknown>;

const MAX_N = 16;
const MAX_PROMPTS = 64;
const MAX_MESSAGES = 1024;
const MAX_STOPS = 4;

export function chatGenerationPayload(body: unknown): OpenAiGenerationPayload {
  const b = checkedBody(body);
  refuseUnsupported(b, ['tools', 'functions', 'tool_choice', 'function_call', 'audio', 'prediction']);
  const messages = required(b, 'messages', Array.isArray, 'an array of messages') as unknown[];
  if (messages.length === 0) throw invalid('messages', "'messages' must contain at least one message");
  if (messages.length > MAX_MESSAGES) throw invalid('messages', `At most ${MAX_MESSAGES} messages per request`);
  const maxTokens = b['max_completion_tokens'] ?? b['max_tokens'];
  return generation(b, { messages: messages.map(chatMessage) }, maxTokens === undefined || maxTokens === null ? null : maxTokens, jsonFormat(b['response_format']));
}

export function textGenerationPayload(body: unknown): OpenAiGenerationPayload {
  const b = checkedBody(body);
  refuseUnsupported(b, ['suffix']);
  if (b['echo'] === true) throw invalid('echo', "'echo' is not supported");
  if (b['best_of'] !== undefined && b['best_of'] !== null && b['best_of'] !== 1) throw invalid('best_of', "'best_of' other than 1 is not supported");
  const prompt = required(b, 'prompt', (v) => typeof v === 'string' || Array.isArray(v), 'a string or an array of strings') as string | unknown[];
  const prompts = typeof prompt === 'string' ? [prompt] : prompt;
  if (prompts.length === 0 || prompts.length > MAX_PROMPTS) throw invalid('prompt', `Between 1 and ${MAX_PROMPTS} prompts per request`);
  if (!prompts.every((p) => typeof p === 'string')) throw invalid('prompt', "'prompt' must be a string or an array of strings (token arrays are not supported)");
  // The legacy completions API defaults to 16 tokens.
  return generation(b, { prompts: prompts as string[] }, b['max_tokens'] ?? 16, null);
}

export interface EmbeddingsRequest {
  model: string;
  inputs: string[];
  single: boolean;
  encoding: 'float' | 'base64';
  dimensions: number | null;
}

export function embeddingsRequest(body: unknown): EmbeddingsRequest {
  const b = checkedBody(body);
  const input = required(b, 'input', (v) => typeof v === 'string' || Array.isArray(v), 'a string or an array of strings') as string | unknown[];
  const inputs = typeof input === 'string' ? [input] : input;
  if (inputs.length === 0) throw invalid('input', "'input' must not be empty");
  if (!inputs.every((text) => typeof text === 'string')) throw invalid('input', "'input' must be a string or an array of strings (token arrays are not supported)");
  if ((inputs as string[]).some((text) => text.trim() === '')) throw invalid('input', "'input' must not contain empty strings");
  const encoding = b['encoding_format'] ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64') throw invalid('encoding_format', "'encoding_format' must be 'float' or 'base64'");
  const dimensions = optionalInteger(b, 'dimensions', 1, 65_536);
  return { model: model(b), inputs: inputs as string[], single: typeof input === 'string', encoding, dimensions };
}

function generation(b: Body, input: OpenAiGenerationInput, maxTokens: unknown, json: JsonResponseFormat | null): OpenAiGenerationPayload {
  if (b['logprobs'] === true || (typeof b['logprobs'] === 'number' && b['logprobs'] > 0)) throw invalid('logprobs', "'logprobs' is not supported");
  if (b['logit_bias'] && Object.keys(b['logit_bias'] as object).length > 0) throw invalid('logit_bias', "'logit_bias' is not supported");
  for (const penalty of ['presence_penalty', 'frequency_penalty']) {
    if (b[penalty] !== undefined && b[penalty] !== null && b[penalty] !== 0) throw invalid(penalty, `'${penalty}' other than 0 is not supported`);
  }
  if (maxTokens !== null && !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1 && (maxTokens as number) <= 1_000_000)) {
    throw invalid(b['max_completion_tokens'] !== undefined ? 'max_completion_tokens' : 'max_tokens', 'must be an integer from 1 to 1000000');
  }
  return {
    ...input,
    model: model(b),
    temperature: optionalNumber(b, 'temperature', 0, 2) ?? 1,
    top_p: optionalNumber(b, 'top_p', 0, 1) ?? 1,
    seed: optionalInteger(b, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    stop: stops(b['stop']),
    max_tokens: maxTokens as number | null,
    n: optionalInteger(b, 'n', 1, MAX_N) ?? 1,
    json,
  };
}

function chatMessage(value: unknown, index: number): ChatMessage {
  const param = `messages[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(param, `'${param}' must be an object`);
  const message = value as Body;
  const role = message['role'];
  if (role === 'tool' || role === 'function') throw invalid(`${param}.role`, 'Tool messages are not supported');
  if (role !== 'system' && role !== 'developer' && role !== 'user' && role !== 'assistant') {
    throw invalid(`${param}.role`, `'${param}.role' must be one of 'system', 'developer', 'user', 'assistant'`);
  }
  return { role: role === 'developer' ? 'system' : role, content: messageText(message['content'], `${param}.content`) };
}

/** Plain text, or the text parts of a content array joined; images and audio are refused. */
function messageText(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalid(param, `'${param}' must be a string or an array of text parts`);
  return content
    .map((part, i) => {
      const p = part as Body;
      if (p?.['type'] !== 'text' || typeof p['text'] !== 'string') throw invalid(`${param}[${i}]`, 'Only text content parts are supported');
      return p['text'];
    })
    .join('');
}

function jsonFormat(format: unknown): JsonResponseFormat | null {
  if (format === undefined || format === null) return null;
  const f = format as Body;
  switch (f?.['type']) {
    case 'text':
      return null;
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const spec = f['json_schema'] as Body | undefined;
      if (typeof spec !== 'object' || spec === null || typeof spec['name'] !== 'string') {
        throw invalid('response_format.json_schema', "'response_format.json_schema' must be an object with a 'name'");
      }
      const schema = spec['schema'] ?? { type: 'object', additionalProperties: true };
      const issue = responseSchemaIssue(schema);
      if (issue) throw invalid('response_format.json_schema.schema', `This schema cannot be enforced: ${issue}`);
      return { type: 'json_schema', schema: schema as Record<string, unknown> };
    }
    default:
      throw invalid('response_format.type', "'response_format.type' must be 'text', 'json_object' or 'json_schema'");
  }
}

function stops(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length > MAX_STOPS || !list.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 256)) {
    throw invalid('stop', `'stop' must be a string or up to ${MAX_STOPS} non-empty strings`);
  }
  return list;
}

function checkedBody(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid(null, 'The request body must be a JSON object');
  const [unstorable] = unstorableTextIssues(body, 'body');
  if (unstorable) throw invalid(unstorable.loc.slice(1).join('.'), unstorable.msg);
  return body as Body;
}

function model(b: Body): string {
  return required(b, 'model', (v) => typeof v === 'string' && v.length > 0 && v.length <= 512, 'a model name') as string;
}

function required(b: Body, param: string, check: (value: unknown) => boolean, what: string): unknown {
  if (b[param] === undefined || b[param] === null) throw invalid(param, `Missing required parameter: '${param}'`);
  if (!check(b[param])) throw invalid(param, `'${param}' must be ${what}`);
  return b[param];
}

function optionalNumber(b: Body, param: string, min: number, max: number): number | null {
  const value = b[param];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw invalid(param, `'${param}' must be a number from ${min} to ${max}`);
  return value;
}

function optionalInteger(b: Body, param: string, min: number, max: number): number | null {
  const value = b[param];
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) throw invalid(param, `'${param}' must be an integer from ${min} to ${max}`);
  return value as number;
}

function refuseUnsupported(b: Body, params: string[]) {
  for (const param of params) {
    const value = b[param];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) throw invalid(param, `'${param}' is not supported`);
  }
}

function invalid(param: string | null, message: string): InvalidInputError {
  return InvalidInputError.at(param === null ? [] : [param], message);
}
