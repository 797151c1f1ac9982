export type Pooling = 'mean' | 'cls';

/**
 * One vector per sentence from the model's token vectors (`hidden`, laid out [batch, tokens,
 * width]), as sentence-transformers' Pooling module computes it: `mean` averages the tokens
 * the attention mask keeps (padding contributes nothing), `cls` takes the first token.
 */
export function pool(hidden: Float32Array, [batch, tokens, width]: readonly number[], mask: number[][], mode: Pooling): Float32Array[] {
  return Array.from({ length: batch }, (_, b) => {
    const vector = new Float32Array(width);
    const rowStart = b * tokens * width;
    if (mode === 'cls') {
      vector.set(hidden.subarray(rowStart, rowStart + width));
      return vector;
    }
    let kept = 0;
    for (let t = 0; t < tokens; t++) {
      if (!mask[b][t]) continue;
      kept++;
      const offset = rowStart + t * width;
      for (let d = 0; d < width; d++) vector[d] += hidden[offset + d];
    }
    const divisor = Math.max(kept, 1e-9);
    for (let d = 0; d < width; d++) vector[d] /= divisor;
    return vector;
  });
}

/** Scales to unit length, as torch.nn.functional.normalize does (a zero vector stays zero). */
export function l2Normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.max(Math.sqrt(sum), 1e-12);
  return vector.map((x) => x / norm);
}
