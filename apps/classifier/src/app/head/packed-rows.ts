/** Vectors copied into one contiguous row-major block, so the training loops stream memory. */
export interface PackedRows {
  readonly data: Float32Array;
  readonly count: number;
  readonly dimensions: number;
}

/** Packs `vectors`, all of which must have `dimensions` finite components. */
export function packRows(vectors: readonly Float32Array[], dimensions: number): PackedRows {
  const data = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, row) => {
    if (vector.length !== dimensions) {
      throw new Error(`vector ${row} has ${vector.length} dimensions; expected ${dimensions}`);
    }
    data.set(vector, row * dimensions);
  });
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new Error(`vector ${Math.floor(i / dimensions)} has a non-finite component`);
  }
  return { data, count: vectors.length, dimensions };
}
