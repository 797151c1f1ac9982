/** Told the number of sentences of each engine run, for the batch-size metric. */
export type OnEngineRun = (sentences: number) => void;

/** Unit vectors in the order of the texts, and how many tokens the model read for them. */
export interface Embedded {
  vectors: Float32Array[];
  tokens: number;
}

/** An embedding model ready to use. */
export interface EmbeddingEngine {
  embed(texts: string[], latencySensitive: boolean): Promise<Embedded>;
  release(): Promise<void>;
}
