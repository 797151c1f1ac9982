/**
 * What the gateway's OpenAI-compatible edge (`/inf`) sends the inference service, already
 * checked and normalised (defaults applied, `stop` a list, message content plain text), and
 * what comes back. The OpenAI wire shapes themselves live in the gateway.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export type JsonResponseFormat = { type: 'json_object' } | { type: 'json_schema'; schema: Record<string, unknown> };

export interface SamplingParams {
  /** 0 is greedy decoding. */
  temperature: number;
  top_p: number;
  seed: number | null;
  stop: string[];
  /** Generated tokens per choice; null: up to the end of the model's context. */
  max_tokens: number | null;
  /** Choices per prompt. */
  n: number;
}

/** A chat (one conversation, rendered with the model's chat template) or plain prompts. */
export type OpenAiGenerationInput = { messages: ChatMessage[] } | { prompts: string[] };

export type OpenAiGenerationPayload = OpenAiGenerationInput &
  SamplingParams & {
    model: string;
    /** Output constrained to JSON (any object, or one that validates against a schema). */
    json: JsonResponseFormat | null;
  };

export type OpenAiFinishReason = 'stop' | 'length';

export interface GeneratedChoice {
  /** prompt index × n + choice number, as OpenAI numbers the choices of several prompts. */
  index: number;
  text: string;
  finish_reason: OpenAiFinishReason;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface OpenAiGeneration {
  choices: GeneratedChoice[];
  usage: TokenUsage;
}

/** A streamed generation: text deltas per choice as they come, then the whole generation once. */
export type OpenAiStreamEvent = { delta: { index: number; text: string } } | { done: OpenAiGeneration };
