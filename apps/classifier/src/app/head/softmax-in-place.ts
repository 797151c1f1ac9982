// Bound once: inside a vm context (Jest) every global lookup in a hot loop is several times slower.
const { exp, log } = Math;

/**
 * Replaces `values[offset .. offset + length)` by softmax(values / temperature), subtracting the
 * maximum first so that large logits do not overflow. Returns log Σ exp(values / temperature)
 * (the log-partition), from which a caller gets log-probabilities without a second pass.
 */
export function softmaxInPlace(values: Float32Array | Float64Array, offset: number, length: number, temperature = 1): number {
  const end = offset + length;
  const scale = 1 / temperature;
  let max = values[offset] * scale;
  for (let i = offset + 1; i < end; i++) if (values[i] * scale > max) max = values[i] * scale;
  let sum = 0;
  for (let i = offset; i < end; i++) {
    const e = exp(values[i] * scale - max);
    values[i] = e;
    sum += e;
  }
  for (let i = offset; i < end; i++) values[i] /= sum;
  return max + log(sum);
}
