import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import type { Embedded, EmbeddingEngine, OnEngineRun } from './embedding-engine';
import { l2Normalize } from './pooling';

/** The most tokens one text is embedded from, whatever the model was trained on: it bounds the context's memory. */
const MAX_CONTEXT_TOKENS = 4_096;
/** Room node-llama-cpp keeps in the context beyond the text: a beginning and an end token, and one more. */
const RESERVED_TOKENS = 3;

/**
 * A GGUF model's embeddings through node-llama-cpp's embedding context, normalised like the
 * ONNX path's. A text longer than the context is truncated, as sentence-transformers truncates
 * at its max_seq_length, rather than refused.
 */
export class GgufEngine implements EmbeddingEngine {
  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaEmbeddingContext,
    private readonly maxTokens: number,
    private readonly onRun: OnEngineRun,
  ) {}

  static async load(path: string, threads: number, gpu: 'auto' | false, onRun: OnEngineRun): Promise<GgufEngine> {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    const llama = await getLlama({ gpu, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: path });
    const contextSize = Math.min(model.trainContextSize, MAX_CONTEXT_TOKENS);
    return new GgufEngine(model, await model.createEmbeddingContext({ threads, contextSize }), contextSize - RESERVED_TOKENS, onRun);
  }

  /** A text with no tokens at all for this model gets an empty vector, which the caller refuses. */
  async embed(texts: string[]): Promise<Embedded> {
    const vectors: Float32Array[] = [];
    let read = 0;
    // One context evaluates one text at a time.
    for (const text of texts) {
      const tokens = this.model.tokenize(text).slice(0, this.maxTokens);
      read += tokens.length;
      this.onRun(1);
      vectors.push(l2Normalize(Float32Array.from((await this.context.getEmbeddingFor(tokens)).vector)));
    }
    return { vectors, tokens: read };
  }

  async release(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}
