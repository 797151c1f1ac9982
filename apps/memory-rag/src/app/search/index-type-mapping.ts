import type { IndexType } from '@lamini/contracts';

/** How the dense half searches: an HNSW graph (usearch `Index`) or a brute-force scan (usearch `exactSearch`). */
export type DenseSearchKind = 'hnsw' | 'exact';

/** Scalar types usearch stores vectors as; the names are usearch's `ScalarKind` values. */
export type DenseScalar = 'f32' | 'f16' | 'i8';

export interface IndexTypeMapping {
  usearch: { search: DenseSearchKind; quantization: DenseScalar };
  /** True when results equal an exhaustive search over the original f32 vectors. */
  exact: boolean;
  note: string;
}

/**
 * The spec's FAISS `IndexType` values mapped onto what usearch offers. usearch has neither
 * product quantisation nor inverted lists, so the PQ and IVF types are approximations: an
 * HNSW graph over int8 scalar-quantised vectors (4x smaller than f32, the saving PQ is chosen
 * for). Their PQ/IVF options (`index_pq_m`, `index_pq_nbits`, `index_ivf_nlist`,
 * `index_ivf_nprobe`) have no counterpart and are ignored; the HNSW options apply to every
 * HNSW-backed type.
 */
export const INDEX_TYPE_MAPPING: Readonly<Record<IndexType, IndexTypeMapping>> = {
  IndexHNSWFlat: {
    usearch: { search: 'hnsw', quantization: 'f32' },
    exact: false,
    note: 'As FAISS: HNSW over f32 vectors; connectivity = index_hnsw_m, expansion_add = index_hnsw_efConstruction, expansion_search = index_hnsw_efSearch.',
  },
  IndexFlatL2: {
    usearch: { search: 'exact', quantization: 'f32' },
    exact: true,
    note: 'As FAISS: a brute-force scan (usearch exactSearch) over the stored f32 vectors. Ranked by cosine distance, which orders unit vectors exactly as L2 distance does.',
  },
  IndexHNSWPQ: {
    usearch: { search: 'hnsw', quantization: 'i8' },
    exact: false,
    note: 'Approximation: FAISS keeps product-quantised codes under the HNSW graph; here the graph holds int8 scalar-quantised vectors. index_pq_m and index_pq_nbits are ignored.',
  },
  IndexPQ: {
    usearch: { search: 'hnsw', quantization: 'i8' },
    exact: false,
    note: 'Approximation: FAISS scans product-quantised codes exhaustively; here an HNSW graph over int8 scalar-quantised vectors, with the HNSW options. index_pq_m and index_pq_nbits are ignored.',
  },
  IndexIVFPQ: {
    usearch: { search: 'hnsw', quantization: 'i8' },
    exact: false,
    note: 'Approximation: FAISS probes inverted lists of product-quantised codes; here an HNSW graph over int8 scalar-quantised vectors, with the HNSW options. index_ivf_nlist, index_ivf_nprobe, index_pq_m and index_pq_nbits are ignored.',
  },
};
