import { readFileSync, writeFileSync } from 'node:fs';
import { MetricKind, exactSearch } from 'usearch';
import type { DenseIndex, DenseMatches } from './dense-index';

/** Every vector kept in one growing f32 matrix and scanned in full by usearch's exactSearch. */
export class ExactDenseIndex implements DenseIndex {
  private rows: number[] = [];
  private matrix: Float32Array;

  constructor(private readonly dimensions: number) {
    this.matrix = new Float32Array(dimensions * 1024);
  }

  /** `ids` are the matrix's rows in order, as the hybrid index stored them. */
  static load(dimensions: number, path: string, ids: readonly number[]): ExactDenseIndex {
    const bytes = readFileSync(path);
    if (bytes.byteLength !== ids.length * dimensions * 4) throw new Error(`${path} has ${bytes.byteLength} bytes, expected ${ids.length} vectors of ${dimensions} f32`);
    const dense = new ExactDenseIndex(dimensions);
    dense.matrix = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    dense.rows = [...ids];
    return dense;
  }

  get size(): number {
    return this.rows.length;
  }

  add(ids: readonly number[], vectors: Float32Array): void {
    const needed = (this.rows.length + ids.length) * this.dimensions;
    if (needed > this.matrix.length) {
      const grown = new Float32Array(Math.max(needed, this.matrix.length * 2));
      grown.set(this.matrix.subarray(0, this.rows.length * this.dimensions));
      this.matrix = grown;
    }
    this.matrix.set(vectors, this.rows.length * this.dimensions);
    for (const id of ids) this.rows.push(id);
  }

  search(vector: Float32Array, n: number): DenseMatches {
    const count = Math.min(n, this.rows.length);
    if (count === 0) return { ids: [], similarities: [] };
    const used = this.matrix.subarray(0, this.rows.length * this.dimensions);
    // usearch 2.26.2's exactSearch reads from the start of the ArrayBuffer, ignoring byteOffset.
    const query = vector.byteOffset === 0 ? vector : vector.slice();
    const { keys, distances } = exactSearch(used, query, this.dimensions, count, MetricKind.Cos, 1);
    return { ids: Array.from(keys, (row) => this.rows[Number(row)]), similarities: Array.from(distances, (d) => 1 - d) };
  }

  save(path: string): void {
    const used = this.matrix.subarray(0, this.rows.length * this.dimensions);
    writeFileSync(path, new Uint8Array(used.buffer, used.byteOffset, used.byteLength));
  }
}
