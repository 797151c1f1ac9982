export interface DenseMatches {
  /** Nearest first. */
  ids: number[];
  /** Cosine similarity of each id to the query (approximate under i8/f16 quantisation). */
  similarities: number[];
}

/** The dense half of the hybrid index: ids ranked by cosine distance to a query vector. */
export interface DenseIndex {
  readonly size: number;
  /** `vectors` holds `ids.length` rows of the index's dimensions, back to back. */
  add(ids: readonly number[], vectors: Float32Array): void;
  /** Up to `n` ids, nearest first. */
  search(vector: Float32Array, n: number): DenseMatches;
  save(path: string): void;
}
