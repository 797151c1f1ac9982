import { Inject, Injectable } from '@nestjs/common';
import {
  BadRequestError,
  type FinishReason,
  type OutputField,
  type OutputTypeSpec,
  type OwnerContext,
  parseOutputType,
} from '@lamini/contracts';
import { ModelLocator } from '@lamini/transport';
import type { LoadedModel, WhenFull } from '../engine/loaded-model';
import { ModelPool } from '../engine/model-pool';
import type { JsonValue } from '../engine/partial-json-value';
import { type GenerationLimits, TextGenerator } from '../engine/text-generator';
import { INFERENCE_CONFIG, type InferenceConfig } from '../inference.config';
import { mapConcurrently } from './map-concurrently';

export type Output = string | Record<string, JsonValue>;

export interface PromptResult {
  output: Output;
  finishReason: FinishReason;
}

/** What every completion route sends: one prompt or several, optionally typed output. */
export interface CompletionRequest {
  model_name: string;
  prompt: string | string[];
  output_type?: object;
  max_new_tokens?: number;
  max_tokens?: number;
}

/** A request checked and resolved. Everything that can be refused is refused while preparing. */
export interface PreparedRequest {
  modelPath: string;
  prompts: string[];
  fields?: OutputField[];
  maxNewTokens?: number;
  maxTokens?: number;
}

export interface RunOptions {
  /** One time limit for all prompts (an HTTP request), or one per prompt (a batch job). */
  deadline: 'request' | 'prompt';
  /** A request is refused when the model's queue is full; an accepted job waits its turn. */
  whenFull: WhenFull;
  /** Prompts to run, by index; all when absent. */
  only?: number[];
  /** Stops every prompt; a prompt stopped by it reports nothing, as it did not finish. */
  signal?: AbortSignal;
  onResult?: (index: number, result: PromptResult) => void;
  onPartial?: (index: number, output: Output) => void;
}

/**
 * Runs the prompts of one request on the model's shared context: as many at once as the
 * context has sequences, so one long list neither waits in line prompt by prompt nor fills
 * the queue that protects the service from overload.
 */
@Injectable()
export class PromptRunner {
  constructor(
    @Inject(INFERENCE_CONFIG) private readonly config: InferenceConfig,
    private readonly models: ModelLocator,
    private readonly pool: ModelPool,
    private readonly generator: TextGenerator,
  ) {}

  async prepare(owner: OwnerContext, request: CompletionRequest): Promise<PreparedRequest> {
    const fields = request.output_type ? parseOutputType(request.output_type as OutputTypeSpec) : undefined;
    return {
      modelPath: await this.modelPath(owner, request.model_name),
      prompts: Array.isArray(request.prompt) ? request.prompt : [request.prompt],
      fields,
      maxNewTokens: request.max_new_tokens,
      maxTokens: request.max_tokens,
    };
  }

  async run(request: PreparedRequest, options: RunOptions): Promise<Array<PromptResult | undefined>> {
    const indices = options.only ?? request.prompts.map((_, i) => i);
    // A request's time limit starts now, for all its prompts; a batch prompt's when it gets a sequence.
    const perPrompt = options.deadline === 'prompt';
    const limit = perPrompt ? undefined : AbortSignal.timeout(this.config.timeoutMs);
    const stoppers = [limit, options.signal].filter((s) => s !== undefined);
    const how = {
      signal: AbortSignal.any(stoppers),
      timeoutMs: perPrompt ? this.config.timeoutMs : undefined,
      whenFull: options.whenFull,
      cancel: options.signal,
    };
    const results: Array<PromptResult | undefined> = new Array(request.prompts.length);
    await this.pool.use(request.modelPath, (model) =>
      mapConcurrently(indices, this.config.sequences, async (index) => {
        if (options.signal?.aborted) return;
        const result = await this.generate(model, request, index, how, options.onPartial);
        if (options.signal?.aborted) return;
        results[index] = result;
        options.onResult?.(index, result);
      }),
    );
    return results;
  }

  private generate(
    model: LoadedModel,
    request: PreparedRequest,
    index: number,
    how: Omit<GenerationLimits, 'maxTokens'>,
    onPartial: RunOptions['onPartial'],
  ): Promise<PromptResult> {
    const prompt = request.prompts[index];
    const limits = { maxTokens: this.tokenBudget(model, prompt, request), ...how };
    const partial = onPartial && ((output: Output) => onPartial(index, output));
    return request.fields
      ? this.generator.structured(model, prompt, request.fields, limits, partial)
      : this.generator.text(model, prompt, limits, partial);
  }

  /** `max_new_tokens` bounds what is generated; `max_tokens` bounds prompt and generation together. */
  private tokenBudget(model: LoadedModel, prompt: string, request: PreparedRequest): number {
    const newTokens = request.maxNewTokens ?? this.config.defaultMaxNewTokens;
    if (request.maxTokens === undefined) return newTokens;
    return Math.min(newTokens, request.maxTokens - model.model.tokenize(prompt).length);
  }

  /** The GGUF file of a completion model the owner may use; refused when it is not one. */
  async modelPath(owner: OwnerContext, modelName: string): Promise<string> {
    const resolved = await this.models.resolve(owner, modelName);
    const gguf = resolved.files.map((f) => f.path).find((path) => path.endsWith('.gguf'));
    if (resolved.model_type !== 'transformer' || !gguf) {
      throw new BadRequestError(`${modelName} is ${resolved.model_type === 'embedding' ? 'an embedding model' : 'not a GGUF model'}; completions need a transformer`);
    }
    return gguf;
  }
}
