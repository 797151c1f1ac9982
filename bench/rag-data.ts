import { type ClusteredVectors, clusteredVectors, jitter, seededRandom, syntheticTexts, syntheticVocabulary } from '@lamini/testing';

export const DIMENSIONS = 384;
const CHUNKS_PER_CLUSTER = 100;
const VOCABULARY = 20_000;

export interface RagCorpus {
  vectors: ClusteredVectors;
  texts: string[];
}

export interface RagQuery {
  /** The row the query was made from. */
  source: number;
  text: string;
  vector: Float32Array;
}

/** `size` chunks: clustered unit vectors (about 100 a cluster) and Zipf-worded texts, fixed seed. */
export function ragCorpus(size: number, seed = 42): RagCorpus {
  return {
    vectors: clusteredVectors(size, DIMENSIONS, Math.max(1, Math.round(size / CHUNKS_PER_CLUSTER)), seed),
    texts: syntheticTexts(size, syntheticVocabulary(VOCABULARY), seed + 1),
  };
}

/** Queries near the data: a random chunk's vector with noise (cosine about 0.93 to it) and four of its words. */
export function ragQueries(corpus: RagCorpus, count: number, seed = 7): RagQuery[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const source = Math.floor(random() * corpus.vectors.count);
    const words = corpus.texts[source].split(' ');
    const text = Array.from({ length: 4 }, () => words[Math.floor(random() * words.length)]).join(' ');
    return { source, text, vector: jitter(corpus.vectors.row(source), 0.02, random) };
  });
}
