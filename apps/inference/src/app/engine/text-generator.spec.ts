import type { Token } from 'node-llama-cpp';
import { Metrics } from '@lamini/metrics';
import { STORIES_260K_GGUF } from '@lamini/testing';
import { readInferenceConfig } from '../inference.config';
import { LlamaRuntime } from './llama-runtime';
import { ModelPool } from './model-pool';
import { OutputGrammars } from './output-grammars';
import { TextGenerator } from './text-generator';
import type { LoadedModel } from './loaded-model';

describe('TextGenerator', () => {
  const config = readInferenceConfig({ INFERENCE_SEQUENCES: '1', INFERENCE_CONTEXT_SIZE: '256', INFERENCE_GPU: 'off', INFERENCE_THREADS: '1' }, () => undefined);
  const runtime = new LlamaRuntime(config);
  const metrics = new Metrics();
  const pool = new ModelPool(config, runtime, metrics);
  const generator = new TextGenerator(runtime, new OutputGrammars(runtime), metrics);

  afterAll(() => pool.onApplicationShutdown());

  /** Greedy decoding straight on a sequence of its own, from the tokens given: node-llama-cpp's tokenizing left out. */
  async function greedyFrom(model: LoadedModel, tokens: Token[], count: number): Promise<string> {
    const context = await model.model.createContext({ contextSize: 256, sequences: 1, threads: 1 });
    try {
      const out: Token[] = [];
      for await (const token of context.getSequence().evaluate(tokens, { temperature: 0 })) {
        if (model.model.isSpecialToken(token) || out.push(token) === count) break;
      }
      return model.model.detokenize(out);
    } finally {
      await context.dispose();
    }
  }

  it('continues a raw prompt from the tokens llama.cpp gives it (BOS, then SentencePiece with its leading space), as the trainer tunes on', async () => {
    // "▁One" and "One" are different tokens, and the model continues the two differently.
    const prompt = 'One day';
    await pool.use(STORIES_260K_GGUF, async (model) => {
      const bos = model.model.tokens.bos!;
      const asLlamaCpp = await greedyFrom(model, [bos, ...model.model.tokenize(prompt)], 6);
      const withoutLeadingSpace = await greedyFrom(model, [bos, ...model.model.tokenize(prompt, false, 'trimLeadingSpace')], 6);
      expect(asLlamaCpp).not.toBe(withoutLeadingSpace);

      const { output } = await generator.text(model, prompt, { maxTokens: 6, signal: new AbortController().signal, whenFull: 'refuse' });
      expect(output).toBe(asLlamaCpp);
    });
  });
});
