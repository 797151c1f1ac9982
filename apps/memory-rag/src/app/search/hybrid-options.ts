import { IndexTypeValues, type IndexType } from '@lamini/contracts';
import { type DenseScalar, type DenseSearchKind, INDEX_TYPE_MAPPING } from './index-type-mapping';

export interface HybridIndexOptions {
  dimensions?: number;
  indexType?: IndexType;
  /** `index_hnsw_m`: graph connectivity. */
  hnswM?: number;
  /** `index_hnsw_efConstruction`: usearch expansion_add. */
  efConstruction?: number;
  /** `index_hnsw_efSearch`: usearch expansion_search (usearch widens it to the number of results asked for). */
  efSearch?: number;
}

/** Everything needed to rebuild the dense index identically; stored in the manifest. */
export interface DenseSettings {
  dimensions: number;
  indexType: IndexType;
  search: DenseSearchKind;
  quantization: DenseScalar;
  connectivity: number;
  expansionAdd: number;
  expansionSearch: number;
}

/** Recall@10 0.999 at 100k chunks in bench/rag.bench.ts; efConstruction 128 built 3x slower for no gain there. The spec's FAISS defaults (efConstruction 16) build a much weaker graph. */
export const DEFAULT_HYBRID_OPTIONS = { dimensions: 384, indexType: 'IndexHNSWFlat', hnswM: 16, efConstruction: 64, efSearch: 64 } as const;

export function denseSettings(options: HybridIndexOptions = {}): DenseSettings {
  const o = { ...DEFAULT_HYBRID_OPTIONS, ...stripUndefined(options) };
  if (!IndexTypeValues.includes(o.indexType)) throw new Error(`unknown index type ${String(o.indexType)}; expected one of ${IndexTypeValues.join(', ')}`);
  positiveInteger('dimensions', o.dimensions);
  positiveInteger('hnswM', o.hnswM);
  positiveInteger('efConstruction', o.efConstruction);
  positiveInteger('efSearch', o.efSearch);
  const { search, quantization } = INDEX_TYPE_MAPPING[o.indexType].usearch;
  return { dimensions: o.dimensions, indexType: o.indexType, search, quantization, connectivity: o.hnswM, expansionAdd: o.efConstruction, expansionSearch: o.efSearch };
}

function positiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
