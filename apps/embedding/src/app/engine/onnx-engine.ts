import type { Embedded, EmbeddingEngine, OnEngineRun } from './embedding-engine';
import { MicroBatcher, type MicroBatcherOptions } from './micro-batcher';
import { OnnxSentenceEncoder } from './onnx-sentence-encoder';

/** A sentence-transformers ONNX export behind a micro-batcher. */
export class OnnxEngine implements EmbeddingEngine {
  private readonly batcher: MicroBatcher;

  private constructor(readonly encoder: OnnxSentenceEncoder, options: MicroBatcherOptions, onRun: OnEngineRun) {
    this.batcher = new MicroBatcher((batch) => {
      onRun(batch.length);
      return encoder.embedTokens(batch);
    }, options);
  }

  static async load(dir: string, threads: number, options: MicroBatcherOptions, onRun: OnEngineRun): Promise<OnnxEngine> {
    return new OnnxEngine(await OnnxSentenceEncoder.load(dir, threads), options, onRun);
  }

  async embed(texts: string[], latencySensitive: boolean): Promise<Embedded> {
    const ids = texts.map((text) => this.encoder.tokenize(text));
    return { vectors: await this.batcher.embed(ids, latencySensitive), tokens: ids.reduce((sum, row) => sum + row.length, 0) };
  }

  /** Engine runs so far; fewer than requests when the batcher shares them. */
  get runs(): number {
    return this.encoder.runs;
  }

  release(): Promise<void> {
    return this.encoder.release();
  }
}
