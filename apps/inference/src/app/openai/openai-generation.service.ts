import { Inject, Injectable } from '@nestjs/common';
import {
  ClientClosedRequestError,
  type GeneratedChoice,
  type OpenAiGeneration,
  type OpenAiGenerationPayload,
  type OwnerContext,
} from '@lamini/contracts';
import { mapConcurrently } from '../completion/map-concurrently';
import { PromptRunner } from '../completion/prompt-runner';
import { renderChat } from '../engine/chat-prompt';
import { LlamaRuntime } from '../engine/llama-runtime';
import { ModelPool } from '../engine/model-pool';
import { TextGenerator } from '../engine/text-generator';
import { INFERENCE_CONFIG, type InferenceConfig } from '../inference.config';

/** Called with each piece of a choice's text as it is generated. */
export type OnDelta = (index: number, text: string) => void;

/**
 * The generations behind `/inf/chat/completions` and `/inf/completions`: a conversation rendered
 * with the model's chat template, or plain prompts, each sampled `n` times. They run on the same
 * loaded models, sequences and lockstep decode as the Lamini routes, refused with 429 when the
 * model's queue is full, under the same time limit.
 */
@Injectable()
export class OpenAiGenerationService {
  constructor(
    @Inject(INFERENCE_CONFIG) private readonly config: InferenceConfig,
    private readonly runner: PromptRunner,
    private readonly runtime: LlamaRuntime,
    private readonly pool: ModelPool,
    private readonly generator: TextGenerator,
  ) {}

  async generate(owner: OwnerContext, payload: OpenAiGenerationPayload, cancel?: AbortSignal, onDelta?: OnDelta): Promise<OpenAiGeneration> {
    const modelPath = await this.runner.modelPath(owner, payload.model);
    const { module } = await this.runtime.get();
    const limit = AbortSignal.timeout(this.config.timeoutMs);
    const signal = cancel ? AbortSignal.any([limit, cancel]) : limit;
    const generation = await this.pool.use(modelPath, async (model) => {
      const prompts = 'messages' in payload ? [renderChat(module, model.model, payload.messages)] : payload.prompts.map((input) => ({ input, stops: [] }));
      const promptTokens = prompts.map(({ input }) => (typeof input === 'string' ? model.model.tokenize(input).length + 1 : input.tokenize(model.model.tokenizer).length));
      const runs = prompts.flatMap((prompt, p) => Array.from({ length: payload.n }, (_, i) => ({ ...prompt, index: p * payload.n + i, promptTokens: promptTokens[p] })));
      const choices: GeneratedChoice[] = new Array(runs.length);
      let completionTokens = 0;
      await mapConcurrently(runs, this.config.sequences, async (run) => {
        if (signal.aborted) return;
        const room = model.context.contextSize - run.promptTokens;
        const sampling = {
          temperature: payload.temperature,
          topP: payload.top_p,
          // Each choice its own stream of randomness, reproducible when a seed is given.
          seed: (payload.seed ?? Math.floor(Math.random() * 2 ** 31)) + run.index,
          stop: [...run.stops, ...payload.stop],
        };
        const limits = { maxTokens: Math.min(payload.max_tokens ?? room, room), signal, whenFull: 'refuse' as const, cancel };
        const result = await this.generator.sampled(model, run.input, sampling, payload.json, limits, onDelta && ((text) => onDelta(run.index, text)));
        completionTokens += result.output ? model.model.tokenize(result.output).length : 0;
        // OpenAI has no "timeout": a generation the time limit stopped was cut short, as by max_tokens.
        choices[run.index] = { index: run.index, text: result.output, finish_reason: result.finishReason === 'stop' ? 'stop' : 'length' };
      });
      // Prompts the time limit stopped before they had a sequence are cut short with nothing.
      for (const run of runs) choices[run.index] ??= { index: run.index, text: '', finish_reason: 'length' };
      const prompt = promptTokens.reduce((sum, n) => sum + n, 0);
      return { choices, usage: { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens } };
    });
    if (cancel?.aborted) throw new ClientClosedRequestError('The client closed the request');
    return generation;
  }
}
