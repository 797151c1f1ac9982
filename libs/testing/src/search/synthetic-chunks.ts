/** Seeded synthetic data for the memory-RAG index's tests and bench/rag.bench.ts: same seed, same data. */
import { seededRandom } from '../documents/filler-text';

export { seededRandom };

export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

export function randomUnitVector(dimensions: number, random: () => number): Float32Array {
  const g = gaussian(random);
  return normalize(Float32Array.from({ length: dimensions }, g));
}

/** `vector` plus gaussian noise of per-coordinate deviation `sigma`, renormalised. */
export function jitter(vector: Float32Array, sigma: number, random: () => number): Float32Array {
  const g = gaussian(random);
  return normalize(Float32Array.from(vector, (x) => x + sigma * g()));
}

export interface ClusteredVectors {
  dimensions: number;
  count: number;
  /** `count` unit vectors back to back. */
  matrix: Float32Array;
  /** The cluster of each row. */
  clusterOf: Uint32Array;
  row(i: number): Float32Array;
}

/**
 * Unit vectors around `clusters` random centres: each is its centre plus noise of deviation
 * `sigma` per coordinate (0.05 at 384 dimensions: about cosine 0.7 to the centre), which is
 * roughly how sentence embeddings of one topic sit together.
 */
export function clusteredVectors(count: number, dimensions: number, clusters: number, seed: number, sigma = 0.05): ClusteredVectors {
  const random = seededRandom(seed);
  const centres = Array.from({ length: clusters }, () => randomUnitVector(dimensions, random));
  const matrix = new Float32Array(count * dimensions);
  const clusterOf = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    clusterOf[i] = Math.floor(random() * clusters);
    matrix.set(jitter(centres[clusterOf[i]], sigma, random), i * dimensions);
  }
  return { dimensions, count, matrix, clusterOf, row: (i) => matrix.subarray(i * dimensions, (i + 1) * dimensions) };
}

/** `size` distinct made-up words. */
export function syntheticVocabulary(size: number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 've', 'da', 'gu', 'shi', 'an', 'or', 'el', 'ur'];
  return Array.from({ length: size }, (_, i) => {
    let word = '';
    let n = i + 1;
    while (n > 0) {
      word += syllables[n % syllables.length];
      n = Math.floor(n / syllables.length);
    }
    return word;
  });
}

/** Texts of `minWords` to `2 * minWords` Zipf-distributed words of `vocabulary`, seeded. */
export function syntheticTexts(count: number, vocabulary: readonly string[], seed: number, minWords = 30): string[] {
  const random = seededRandom(seed);
  const cumulative = new Float64Array(vocabulary.length);
  let total = 0;
  vocabulary.forEach((_, i) => (cumulative[i] = total += 1 / (i + 1)));
  const draw = () => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo];
  };
  return Array.from({ length: count }, () => Array.from({ length: minWords + Math.floor(random() * minWords) }, draw).join(' '));
}
