import type { PackedRows } from './packed-rows';

const { sqrt } = Math;

/** Per-dimension mean and standard deviation of the training rows. */
export interface Standardization {
  mean: Float64Array;
  scale: Float64Array;
}

/**
 * Sentence embeddings share a large common component and differ in small ones; an L2-penalised
 * regression on the raw values underfits them. Measured on the test encoder's embeddings of a
 * five-topic corpus: held-out accuracy 0.925 raw, 0.988 standardised (same L2 and epochs).
 */
export function fitStandardization(rows: PackedRows, indices: readonly number[]): Standardization {
  const { data, dimensions } = rows;
  const mean = new Float64Array(dimensions);
  const scale = new Float64Array(dimensions);
  for (const row of indices) for (let d = 0; d < dimensions; d++) mean[d] += data[row * dimensions + d];
  for (let d = 0; d < dimensions; d++) mean[d] /= Math.max(1, indices.length);
  for (const row of indices) {
    for (let d = 0; d < dimensions; d++) {
      const centred = data[row * dimensions + d] - mean[d];
      scale[d] += centred * centred;
    }
  }
  // A dimension constant over the training rows keeps scale 1: it carries nothing to learn from.
  for (let d = 0; d < dimensions; d++) scale[d] = sqrt(scale[d] / Math.max(1, indices.length)) || 1;
  return { mean, scale };
}

export function standardizeRows(rows: PackedRows, { mean, scale }: Standardization): PackedRows {
  const { data, dimensions, count } = rows;
  const out = new Float32Array(data.length);
  for (let row = 0; row < count; row++) {
    for (let d = 0; d < dimensions; d++) out[row * dimensions + d] = (data[row * dimensions + d] - mean[d]) / scale[d];
  }
  return { data: out, count, dimensions };
}

/**
 * Weights learnt on standardised rows, rewritten for raw ones: W·((x − μ)/σ) + b equals
 * (W/σ)·x + (b − W·(μ/σ)), so the stored head is a plain linear head over embeddings.
 */
export function rawSpaceWeights(weights: Float32Array, bias: Float32Array, { mean, scale }: Standardization): { weights: Float32Array; bias: Float32Array } {
  const dimensions = mean.length;
  const rawWeights = new Float32Array(weights.length);
  const rawBias = new Float32Array(bias.length);
  for (let k = 0; k < bias.length; k++) {
    let shift = 0;
    for (let d = 0; d < dimensions; d++) {
      const w = weights[k * dimensions + d] / scale[d];
      rawWeights[k * dimensions + d] = w;
      shift += w * mean[d];
    }
    rawBias[k] = bias[k] - shift;
  }
  return { weights: rawWeights, bias: rawBias };
}
