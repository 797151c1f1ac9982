import { Inject, Injectable } from '@nestjs/common';
import {
  BadRequestError,
  type CompletionsPayload,
  type OutputTypeSpec,
  type OwnerContext,
  RegistrySubjects,
  parseOutputType,
} from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { ModelPool } from '../engine/model-pool';
import type { LoadedModel } from '../engine/loaded-model';
import { type Generation, TextGenerator } from '../engine/text-generator';
import { INFERENCE_CONFIG, type InferenceConfig } from '../inference.config';
import { v1Response, v2Response } from './response-shapes';

type Output = string | Record<string, unknown>;

/**
 * Completions for one request: the model is found through the registry, every prompt is
 * generated at once on its own sequence of the model's shared context, and the request's time
 * limit stops them all with what they have so far.
 */
@Injectable()
export class CompletionService {
  constructor(
    @Inject(INFERENCE_CONFIG) private readonly config: InferenceConfig,
    private readonly services: ServiceClient,
    private readonly pool: ModelPool,
    private readonly generator: TextGenerator,
  ) {}

  async completeV2(owner: OwnerContext, payload: CompletionsPayload) {
    return v2Response(await this.generate(owner, payload));
  }

  async completeV1(owner: OwnerContext, payload: CompletionsPayload) {
    return v1Response(await this.generate(owner, payload), Array.isArray(payload.prompt));
  }

  private async generate(owner: OwnerContext, payload: CompletionsPayload): Promise<Array<Generation<Output>>> {
    const path = await this.modelPath(owner, payload.model_name);
    const prompts = Array.isArray(payload.prompt) ? payload.prompt : [payload.prompt];
    const fields = payload.output_type ? parseOutputType(payload.output_type as OutputTypeSpec) : undefined;
    const deadline = AbortSignal.timeout(this.config.timeoutMs);
    return this.pool.use(path, (model) =>
      Promise.all(
        prompts.map((prompt) => {
          const limits = { maxTokens: this.tokenBudget(model, prompt, payload), signal: deadline };
          return fields ? this.generator.structured(model, prompt, fields, limits) : this.generator.text(model, prompt, limits);
        }),
      ),
    );
  }

  /** `max_new_tokens` bounds what is generated; `max_tokens` bounds prompt and generation together. */
  private tokenBudget(model: LoadedModel, prompt: string, payload: CompletionsPayload): number {
    const newTokens = payload.max_new_tokens ?? this.config.defaultMaxNewTokens;
    if (payload.max_tokens === undefined) return newTokens;
    return Math.min(newTokens, payload.max_tokens - model.model.tokenize(prompt).length);
  }

  private async modelPath(owner: OwnerContext, modelName: string): Promise<string> {
    const resolved = await this.services.send(RegistrySubjects.resolveModel, owner, { model_name: modelName });
    const gguf = resolved.files.map((f) => f.path).find((path) => path.endsWith('.gguf'));
    if (resolved.model_type !== 'transformer' || !gguf) {
      throw new BadRequestError(`${modelName} is ${resolved.model_type === 'embedding' ? 'an embedding model' : 'not a GGUF model'}; completions need a transformer`);
    }
    return gguf;
  }
}
