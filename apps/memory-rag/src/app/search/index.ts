export { HybridIndex, type HybridHit, type HybridQuery, type IndexedChunk, candidatesPerSide } from './hybrid-index';
export { DEFAULT_HYBRID_OPTIONS, type DenseSettings, type HybridIndexOptions } from './hybrid-options';
export { INDEX_TYPE_MAPPING, type IndexTypeMapping } from './index-type-mapping';
export { IndexFilesError } from './index-files';
export { RRF_K, reciprocalRankFusion } from './rrf';
