import { PackedRows } from './packed-rows';

/** Logits of the packed rows listed in `indices` (all rows when null), row-major. */
export function linearLogits(
  rows: PackedRows,
  indices: ArrayLike<number> | null,
  weights: ArrayLike<number>,
  bias: ArrayLike<number>,
  classes: number,
): Float32Array {
  const { data, dimensions } = rows;
  const count = indices ? indices.length : rows.count;
  const out = new Float32Array(count * classes);
  for (let i = 0; i < count; i++) {
    const offset = (indices ? indices[i] : i) * dimensions;
    for (let k = 0; k < classes; k++) {
      const base = k * dimensions;
      let z = bias[k];
      for (let d = 0; d < dimensions; d++) z += weights[base + d] * data[offset + d];
      out[i * classes + k] = z;
    }
  }
  return out;
}
