import { Injectable } from '@nestjs/common';
import type { LlamaCompletionResponse, LlamaContextSequence, LlamaGrammar } from 'node-llama-cpp';
import type { FinishReason, OutputField } from '@lamini/contracts';
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

/** The smallest budget a structured field gets, so that each value has room to start. */
const MIN_FIELD_TOKENS = 2;

/** Generation on one sequence of a loaded model: raw continuation, or an object of typed fields. */
@Injectable()
export class TextGenerator {
  constructor(
    private readonly runtime: LlamaRuntime,
    private readonly grammars: OutputGrammars,
  ) {}

  async text(model: LoadedModel, prompt: string, limits: GenerationLimits, onPartial?: OnPartial<string>): Promise<Generation<string>> {
    if (limits.maxTokens <= 0) return { output: '', finishReason: 'length' };
    return model.withSequence(async (sequence) => {
      let soFar = '';
      const onTextChunk = onPartial && ((chunk: string) => onPartial((soFar += chunk)));
      const result = await this.complete(sequence, prompt, limits.maxTokens, generationSignal(limits), undefined, onTextChunk);
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
          : (await this.complete(sequence, prompt + written, share, signal, await this.grammars.for(field))).response;
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

  private async complete(
    sequence: LlamaContextSequence,
    input: string,
    maxTokens: number,
    signal: AbortSignal,
    grammar?: LlamaGrammar,
    onTextChunk?: (text: string) => void,
  ): Promise<LlamaCompletionResponse> {
    const { module } = await this.runtime.get();
    const completion = new module.LlamaCompletion({ contextSequence: sequence });
    return completion.generateCompletionWithMeta(input, { maxTokens, signal, stopOnAbortSignal: true, grammar, onTextChunk, ...LEAN_SAMPLING });
  }
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
