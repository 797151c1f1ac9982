/** How many indexed vectors stand for the whole index when judging a query's similarities. */
export const SAMPLE_SIZE = 256;

/**
 * Judges whether the dense half found something or only noise. Plain RRF gives the top of
 * either list the same 1 / 61, so with an uninformative encoder (random weights, or a
 * query it embeds poorly) the dense list's random top hits tie with, or thanks to small
 * lexical ranks beat, a chunk that shares rare words with the query. The dense list's RRF
 * weight is therefore how far its best similarity stands out from the query's similarities
 * to a fixed sample of the index, in standard deviations, beyond what the best of `size`
 * noise similarities reaches (about sqrt(2 ln size)): 0 at or below that, 1 at twice it.
 */
export class DenseConfidence {
  private constructor(
    private readonly dimensions: number,
    private sample: Float32Array,
    private rows: number,
  ) {}

  static create(dimensions: number): DenseConfidence {
    return new DenseConfidence(dimensions, new Float32Array(SAMPLE_SIZE * dimensions), 0);
  }

  /** From `sampleMatrix()` as saved. */
  static fromMatrix(dimensions: number, matrix: Float32Array): DenseConfidence {
    const rows = matrix.length / dimensions;
    if (!Number.isInteger(rows) || rows > SAMPLE_SIZE) throw new Error(`a dense sample of ${matrix.length} values is not up to ${SAMPLE_SIZE} rows of ${dimensions}`);
    const sample = new Float32Array(SAMPLE_SIZE * dimensions);
    sample.set(matrix);
    return new DenseConfidence(dimensions, sample, rows);
  }

  /** Keeps the first SAMPLE_SIZE vectors indexed: deterministic, and chunks arrive in no particular order of topic. */
  offer(vector: Float32Array): void {
    if (this.rows === SAMPLE_SIZE) return;
    this.sample.set(vector, this.rows * this.dimensions);
    this.rows++;
  }

  sampleMatrix(): Float32Array {
    return this.sample.subarray(0, this.rows * this.dimensions);
  }

  weight(query: Float32Array, bestSimilarity: number, indexSize: number): number {
    if (this.rows < 2 || indexSize < 2) return 1;
    const d = this.dimensions;
    let queryNorm = 0;
    for (let j = 0; j < d; j++) queryNorm += query[j] * query[j];
    queryNorm = Math.sqrt(queryNorm) || 1;
    let sum = 0;
    let sumSquares = 0;
    for (let r = 0; r < this.rows; r++) {
      let dot = 0;
      let norm = 0;
      for (let j = 0, o = r * d; j < d; j++, o++) {
        dot += this.sample[o] * query[j];
        norm += this.sample[o] * this.sample[o];
      }
      const similarity = dot / (queryNorm * (Math.sqrt(norm) || 1));
      sum += similarity;
      sumSquares += similarity * similarity;
    }
    const mean = sum / this.rows;
    const deviation = Math.sqrt(Math.max(sumSquares / this.rows - mean * mean, 0));
    if (deviation < 1e-9) return bestSimilarity > mean + 1e-6 ? 1 : 0;
    const noiseMax = Math.sqrt(2 * Math.log(indexSize));
    const z = (bestSimilarity - mean) / deviation;
    return Math.min(Math.max((z - noiseMax) / noiseMax, 0), 1);
  }
}
