import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import type { EmbeddingEngine } from './embedding-engine';
import { l2Normalize } from './pooling';

/** A GGUF model's embeddings through node-llama-cpp's embedding context, normalised like the ONNX path's. */
export class GgufEngine implements EmbeddingEngine {
  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaEmbeddingContext,
  ) {}

  static async load(path: string, threads: number, gpu: 'auto' | false): Promise<GgufEngine> {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    const llama = await getLlama({ gpu, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: path });
    return new GgufEngine(model, await model.createEmbeddingContext({ threads }));
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    // One context evaluates one text at a time.
    for (const text of texts) vectors.push(l2Normalize(Float32Array.from((await this.context.getEmbeddingFor(text)).vector)));
    return vectors;
  }

  async release(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}
