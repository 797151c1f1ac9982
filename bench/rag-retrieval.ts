import { MetricKind, exactSearch } from 'usearch';
import { HybridIndex, type HybridIndexOptions } from '../apps/memory-rag/src/app/search';
import { LexicalIndex } from '../apps/memory-rag/src/app/search/lexical-index';
import { type LatencyStats, measureLatency } from './latency-stats';
import { DIMENSIONS, type RagCorpus, type RagQuery } from './rag-data';
import { round } from './throughput-stats';

const K = 10;
/** Chunks per `add` call, as the service indexes a document's chunks batch by batch. */
const ADD_BATCH = 1000;

export interface BuiltIndex {
  index: HybridIndex;
  build_s: { hybrid_total: number; lexical_only: number };
}

/** Builds the hybrid index batch by batch, and times a lexical-only build to split the total. */
export function buildIndex(corpus: RagCorpus, options: HybridIndexOptions): BuiltIndex {
  const { vectors, texts } = corpus;
  const index = HybridIndex.create(options);
  let started = performance.now();
  for (let from = 0; from < vectors.count; from += ADD_BATCH) {
    const rows = Array.from({ length: Math.min(ADD_BATCH, vectors.count - from) }, (_, i) => from + i);
    index.add(rows.map((row) => ({ id: row, text: texts[row], vector: vectors.row(row) })));
  }
  const hybridTotal = (performance.now() - started) / 1000;
  started = performance.now();
  LexicalIndex.create().add(texts.map((text, id) => ({ id, text })));
  const lexicalOnly = (performance.now() - started) / 1000;
  return { index, build_s: { hybrid_total: round(hybridTotal, 2), lexical_only: round(lexicalOnly, 2) } };
}

/** The exact top-K rows of each query (usearch exactSearch over every vector). */
export function exactNeighbours(corpus: RagCorpus, queries: readonly RagQuery[]): number[][] {
  return queries.map((q) => Array.from(exactSearch(corpus.vectors.matrix, q.vector.slice(), DIMENSIONS, K, MetricKind.Cos, 0).keys, Number));
}

function recallAt10(found: readonly number[][], truth: readonly number[][]): number {
  let hits = 0;
  found.forEach((ids, q) => {
    const wanted = new Set(truth[q]);
    hits += ids.filter((id) => wanted.has(id)).length;
  });
  return round(hits / (truth.length * K), 4);
}

export async function measureDense(index: HybridIndex, queries: readonly RagQuery[], truth: readonly number[][]): Promise<{ latency: LatencyStats; recall_at_10: number }> {
  let next = 0;
  const latency = await measureLatency(async () => index.searchDense(queries[next++ % queries.length].vector, K), queries.length, 50);
  return { latency, recall_at_10: recallAt10(queries.map((q) => index.searchDense(q.vector, K)), truth) };
}

/** Brute force over every f32 vector (IndexFlatL2's mapping): the baseline the graph is for. */
export async function measureExact(corpus: RagCorpus, queries: readonly RagQuery[]): Promise<LatencyStats> {
  let next = 0;
  const search = async () => exactSearch(corpus.vectors.matrix, queries[next++ % queries.length].vector.slice(), DIMENSIONS, K, MetricKind.Cos, 1);
  return measureLatency(search, Math.min(queries.length, 100), 10);
}

/**
 * Dense + BM25 + fusion per query; `source_first` is how often the chunk a query was made from
 * (its vector with noise, four of its words) comes first.
 */
export async function measureHybrid(index: HybridIndex, queries: readonly RagQuery[], truth: readonly number[][]): Promise<{ latency: LatencyStats; dense_recall_at_10_in_fused: number; source_first: number }> {
  let next = 0;
  const latency = await measureLatency(async () => index.search(queries[next++ % queries.length], K), queries.length, 50);
  const results = queries.map((q) => index.search(q, K));
  return {
    latency,
    dense_recall_at_10_in_fused: recallAt10(results.map((hits) => hits.map((h) => h.id)), truth),
    source_first: round(results.filter((hits, q) => hits[0]?.id === queries[q].source).length / queries.length, 4),
  };
}
