import { Injectable } from '@nestjs/common';
import type { LlamaCompletionGenerationOptions, LlamaCompletionResponse, LlamaContextSequence, LlamaText, Token } from 'node-llama-cpp';
import { type FinishReason, type JsonResponseFormat, type OutputField, grammarSchema } from '@lamini/contracts';
import { Metrics } from '@lamini/metrics';
import { JsonSchemaWriter } from './json-schema-writer';
import { LlamaRuntime } from './llama-runtime';
import type { LoadedModel, WhenFull } from './loaded-model';
import { OutputGrammars } from './output-grammars';
import { type JsonValue, valueOf } from './partial-json-value';

export interface Generation<Output> {
  output: Output;
  finishReason: FinishReason;
}

export interface GenerationLimits {
  maxTokens: number;
  /** Aborted when the request's time limit passes (or its job stops): what was generated so far is kept. */
  signal: AbortSignal;
  /** A time limit of this generation alone, counted from when it gets a sequence (a batch's prompts). */
  timeoutMs?: number;
  /** Whether to be refused (a request) or to wait (a job) when the model's queue is full. */
  whenFull: WhenFull;
  /** Stops waiting for a sequence (a cancelled or stopped job). */
  cancel?: AbortSignal;
}

/** The signal a generation runs under once it holds a sequence. */
function generationSignal(limits: GenerationLimits): AbortSignal {
  return limits.timeoutMs === undefined ? limits.signal : AbortSignal.any([limits.signal, AbortSignal.timeout(limits.timeoutMs)]);
}

/** Called with the output so far as it grows (per text chunk, or per finished field). */
export type OnPartial<Output> = (output: Output) => void;

/**
 * Greedy decoding as node-llama-cpp's defaults give it, without their per-token waste: its
 * default repeat penalty (factor 1, which the native sampler skips) still has the last 64
 * tokens gathered and sent with every token, and its default seed (the current second) rebuilds
 * the native sampler chain once a second. Neither changes a greedy token.
 */
export const LEAN_SAMPLING = { repeatPenalty: false, seed: 0 } as const;

/** OpenAI's sampling controls; temperature 0 is greedy decoding. */
export interface Sampling {
  temperature: number;
  topP: number;
  seed: number;
  /** Texts that end the generation, left out of it. */
  stop: ReadonlyArray<string | LlamaText>;
}

interface FirstTokenClock {
  startedAt: number;
  seen: boolean;
}

/** Any JSON object, for `response_format: {type: "json_object"}`. */
const ANY_OBJECT = { type: 'object', additionalProperties: true };

/** The smallest budget a structured field gets, so that each value has room to start. */
const MIN_FIELD_TOKENS = 2;

/** Generation on one sequence of a loaded model: raw continuation, or an object of typed fields. */
@Injectable()
export class TextGenerator {
  constructor(
    private readonly runtime: LlamaRuntime,
    private readonly grammars: OutputGrammars,
    private readonly metrics: Metrics,
  ) {}

  async text(model: LoadedModel, prompt: string, limits: GenerationLimits, onPartial?: OnPartial<string>): Promise<Generation<string>> {
    if (limits.maxTokens <= 0) return { output: '', finishReason: 'length' };
    return model.withSequence(async (sequence) => {
      const clock: FirstTokenClock = { startedAt: performance.now(), seen: false };
      let soFar = '';
      const onTextChunk = onPartial && ((chunk: string) => onPartial((soFar += chunk)));
      const result = await this.complete(model, sequence, prompt, { maxTokens: limits.maxTokens, signal: generationSignal(limits), onTextChunk }, clock);
      return { output: result.response, finishReason: finishReason(result) };
    }, limits.whenFull, limits.cancel);
  }

  /**
   * Writes the JSON object itself and lets the model produce each value under that value's
   * grammar, with the prompt and the object so far as context. The object therefore always
   * parses and has exactly the requested keys and types, even from a model that never saw
   * JSON, and a budget or time limit can only shorten values, never break the syntax.
   */
  async structured(
    model: LoadedModel,
    prompt: string,
    fields: OutputField[],
    limits: GenerationLimits,
    onPartial?: OnPartial<Record<string, JsonValue>>,
  ): Promise<Generation<Record<string, JsonValue>>> {
    return model.withSequence(async (sequence) => {
      const clock: FirstTokenClock = { startedAt: performance.now(), seen: false };
      const signal = generationSignal(limits);
      const output: Record<string, JsonValue> = {};
      let written = '{';
      let budget = limits.maxTokens;
      let finish: FinishReason = 'stop';
      for (const [index, field] of fields.entries()) {
        written += `${index ? ', ' : ''}${JSON.stringify(field.name)}: `;
        const share = Math.max(MIN_FIELD_TOKENS, Math.floor(budget / (fields.length - index)));
        const text = signal.aborted
          ? ''
          : (await this.complete(model, sequence, prompt + written, { maxTokens: share, signal, grammar: await this.grammars.for(field) }, clock)).response;
        const { value, complete } = valueOf(field, text);
        if (!complete) finish = signal.aborted ? 'timeout' : 'length';
        output[field.name] = value;
        onPartial?.({ ...output });
        written += JSON.stringify(value);
        budget -= model.model.tokenize(text).length;
      }
      return { output, finishReason: finish };
    }, limits.whenFull, limits.cancel);
  }

  /**
   * A generation with OpenAI's sampling controls (`/inf`), as free text or as JSON that always
   * parses (and validates against the schema given): JSON is written by JsonSchemaWriter and
   * streamed a value at a time. `onText` gets the text as it grows, in pieces.
   */
  async sampled(
    model: LoadedModel,
    input: string | LlamaText,
    sampling: Sampling,
    json: JsonResponseFormat | null,
    limits: GenerationLimits,
    onText?: (text: string) => void,
  ): Promise<Generation<string>> {
    if (limits.maxTokens <= 0) return { output: json ? '{}' : '', finishReason: 'length' };
    const { module } = await this.runtime.get();
    return model.withSequence(async (sequence) => {
      const clock: FirstTokenClock = { startedAt: performance.now(), seen: false };
      const signal = generationSignal(limits);
      const options = samplingOptions(sampling);
      if (!json) {
        const result = await this.complete(model, sequence, input, { ...options, maxTokens: limits.maxTokens, signal, onTextChunk: onText, customStopTriggers: sampling.stop }, clock);
        return { output: result.response, finishReason: finishReason(result) };
      }
      const continued = (written: string) => (typeof input === 'string' ? input + written : new module.LlamaText([input, written]));
      const writer = new JsonSchemaWriter(
        (schema) => this.grammars.forSchema(schema),
        async (written, grammar, maxTokens) => {
          if (signal.aborted) return { text: '', tokens: 0, cut: true };
          const result = await this.complete(model, sequence, continued(written), { ...options, maxTokens, signal, grammar }, clock);
          const stopped = result.metadata.stopReason;
          return { text: result.response, tokens: result.generatedTokens, cut: stopped === 'maxTokens' || stopped === 'abort' };
        },
        onText,
      );
      const schema = json.type === 'json_schema' ? grammarSchema(json.schema) : ANY_OBJECT;
      const { json: text, cut } = await writer.write(schema, limits.maxTokens);
      return { output: text, finishReason: cut ? (signal.aborted ? 'timeout' : 'length') : 'stop' };
    }, limits.whenFull, limits.cancel);
  }

  /**
   * One node-llama-cpp completion on a sequence, greedy unless told otherwise. Counts the prompt
   * tokens it evaluated (less than the prompt when the sequence already held its start) and the
   * tokens it generated; the first token of a generation (which may take several completions)
   * gives its time to first token, from when it got its sequence.
   */
  private async complete(
    model: LoadedModel,
    sequence: LlamaContextSequence,
    input: string | LlamaText,
    options: LlamaCompletionGenerationOptions & { maxTokens: number; signal: AbortSignal },
    clock: FirstTokenClock,
  ): Promise<LlamaCompletionResponse & { generatedTokens: number }> {
    const { module } = await this.runtime.get();
    const completion = new module.LlamaCompletion({ contextSequence: sequence });
    const { label } = model;
    let generatedTokens = 0;
    const onToken = (tokens: unknown[]) => {
      if (!clock.seen && tokens.length > 0) {
        clock.seen = true;
        this.metrics.timeToFirstToken.observe(label, (performance.now() - clock.startedAt) / 1000);
      }
      generatedTokens += tokens.length;
    };
    const meter = sequence.tokenMeter.getState();
    try {
      const result = await completion.generateCompletionWithMeta(asLlamaCppTokenizes(model, input), { ...LEAN_SAMPLING, ...options, stopOnAbortSignal: true, onToken });
      return { ...result, generatedTokens };
    } finally {
      this.metrics.tokens.inc({ ...label, direction: 'prompt' }, sequence.tokenMeter.diff(meter).usedInputTokens);
      this.metrics.tokens.inc({ ...label, direction: 'completion' }, generatedTokens);
    }
  }
}

/**
 * A raw prompt in the tokens llama.cpp (llama-server, the trainer) and Hugging Face give it.
 * node-llama-cpp's own completion tokenizes a string without SentencePiece's leading space, so
 * a prompt's first word is another token than the one a model was trained and tuned on.
 */
function asLlamaCppTokenizes(model: LoadedModel, input: string | LlamaText): Token[] | LlamaText {
  return typeof input === 'string' ? model.model.tokenize(input) : input;
}

function samplingOptions(sampling: Sampling): Partial<LlamaCompletionGenerationOptions> {
  if (sampling.temperature === 0) return LEAN_SAMPLING;
  return { repeatPenalty: false, temperature: sampling.temperature, topP: sampling.topP, seed: sampling.seed };
}

function finishReason(result: LlamaCompletionResponse): FinishReason {
  switch (result.metadata.stopReason) {
    case 'maxTokens':
      return 'length';
    case 'abort':
      return 'timeout';
    default:
      return 'stop';
  }
}
