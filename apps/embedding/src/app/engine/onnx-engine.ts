import type { EmbeddingEngine } from './embedding-engine';
import { MicroBatcher, type MicroBatcherOptions } from './micro-batcher';
import { OnnxSentenceEncoder } from './onnx-sentence-encoder';

/** A sentence-transformers ONNX export behind a micro-batcher. */
export class OnnxEngine implements EmbeddingEngine {
  private readonly batcher: MicroBatcher;

  private constructor(readonly encoder: OnnxSentenceEncoder, options: MicroBatcherOptions) {
    this.batcher = new MicroBatcher((batch) => encoder.embedTokens(batch), options);
  }

  static async load(dir: string, threads: number, options: MicroBatcherOptions): Promise<OnnxEngine> {
    return new OnnxEngine(await OnnxSentenceEncoder.load(dir, threads), options);
  }

  embed(texts: string[], latencySensitive: boolean): Promise<Float32Array[]> {
    return this.batcher.embed(texts.map((text) => this.encoder.tokenize(text)), latencySensitive);
  }

  /** Engine runs so far; fewer than requests when the batcher shares them. */
  get runs(): number {
    return this.encoder.runs;
  }

  release(): Promise<void> {
    return this.encoder.release();
  }
}
