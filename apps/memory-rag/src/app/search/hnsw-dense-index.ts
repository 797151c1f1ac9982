import { Index, MetricKind, ScalarKind } from 'usearch';
import type { DenseIndex, DenseMatches } from './dense-index';
import type { DenseSettings } from './hybrid-options';

const SCALARS = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 } as const;

/** usearch's HNSW graph; ids are the usearch keys. */
export class HnswDenseIndex implements DenseIndex {
  private readonly index: Index;

  constructor(
    settings: DenseSettings,
    /** usearch threads for `add`; 0 lets usearch use every core. */
    private readonly addThreads = 0,
  ) {
    this.index = new Index({
      dimensions: settings.dimensions,
      metric: MetricKind.Cos,
      quantization: SCALARS[settings.quantization],
      connectivity: settings.connectivity,
      expansion_add: settings.expansionAdd,
      expansion_search: settings.expansionSearch,
      multi: false,
    });
  }

  static load(settings: DenseSettings, path: string): HnswDenseIndex {
    const dense = new HnswDenseIndex(settings);
    dense.index.load(path);
    if (dense.index.dimensions() !== settings.dimensions) throw new Error(`${path} holds ${dense.index.dimensions()}-dimensional vectors, the manifest says ${settings.dimensions}`);
    return dense;
  }

  get size(): number {
    return this.index.size();
  }

  add(ids: readonly number[], vectors: Float32Array): void {
    if (ids.length === 0) return;
    this.index.add(BigUint64Array.from(ids, BigInt), vectors, this.addThreads);
  }

  search(vector: Float32Array, n: number): DenseMatches {
    if (this.index.size() === 0) return { ids: [], similarities: [] };
    // One thread: a query is small, and the service answers queries concurrently.
    const { keys, distances } = this.index.search(vector, n, 1);
    return { ids: Array.from(keys, Number), similarities: Array.from(distances, (d) => 1 - d) };
  }

  save(path: string): void {
    this.index.save(path);
  }
}
