/** An embedding model ready to use: texts in, unit vectors out, in order. */
export interface EmbeddingEngine {
  embed(texts: string[], latencySensitive: boolean): Promise<Float32Array[]>;
  release(): Promise<void>;
}
