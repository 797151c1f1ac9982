/**
 * npm run bench:rag: retrieval of the memory-RAG hybrid index (apps/memory-rag search) at 10k
 * and 100k chunks of 384 dimensions: build time, p50/p99 latency and recall@10 of the HNSW
 * dense search against exact search, the same for the full hybrid search (dense + BM25 + RRF),
 * and exact search's latency for scale. Data: clustered unit vectors and Zipf-worded texts,
 * fixed seed; queries are chunks' vectors with noise and four of their words.
 */
import { loadavg } from 'node:os';
import { DEFAULT_HYBRID_OPTIONS, INDEX_TYPE_MAPPING } from '../apps/memory-rag/src/app/search';
import { runBenchmark } from './bench-results';
import { ragCorpus, ragQueries } from './rag-data';
import { indexingThroughput } from './rag-indexing';
import { buildIndex, exactNeighbours, measureDense, measureExact, measureHybrid } from './rag-retrieval';
import { round } from './throughput-stats';

const SIZES = (process.env.BENCH_RAG_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_RAG_QUERIES ?? 300);
const DOCUMENTS = Number(process.env.BENCH_RAG_DOCUMENTS ?? 40);
const OPTIONS = DEFAULT_HYBRID_OPTIONS;

const loadAverage = () => loadavg().map((x) => round(x, 2));

async function retrievalAt(size: number): Promise<Record<string, unknown>> {
  const corpus = ragCorpus(size);
  const queries = ragQueries(corpus, QUERIES);
  const truth = exactNeighbours(corpus, queries);
  const { index, build_s } = buildIndex(corpus, OPTIONS);
  const figures = {
    build_s,
    dense: await measureDense(index, queries, truth),
    hybrid: await measureHybrid(index, queries, truth),
    exact_dense_latency: await measureExact(corpus, queries),
  };
  console.log(`${size} chunks: ${JSON.stringify(figures)}`);
  return figures;
}

async function main(): Promise<Record<string, unknown>> {
  const loadBefore = loadAverage();
  const retrieval: Record<string, unknown> = {};
  for (const size of SIZES) retrieval[size] = await retrievalAt(size);
  const indexing = await indexingThroughput(DOCUMENTS);
  return {
    load_average: { before: loadBefore, after: loadAverage() },
    index: { ...OPTIONS, usearch: INDEX_TYPE_MAPPING[OPTIONS.indexType].usearch, metric: 'cos', dimensions: 384 },
    queries: QUERIES,
    k: 10,
    retrieval,
    indexing,
  };
}

runBenchmark('rag', main);
